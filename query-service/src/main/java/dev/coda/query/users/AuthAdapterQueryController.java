package dev.coda.query.users;

import dev.coda.query.projection.NotFound;
import dev.coda.query.users.AuthAdapterQueries.AccountView;
import dev.coda.query.users.AuthAdapterQueries.SessionAndUser;
import dev.coda.query.users.AuthAdapterQueries.UserView;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an Auth.js adapter reads ({@code getUser}, {@code getUserByEmail}, {@code getUserByAccount},
 * {@code getAccount}, {@code getSessionAndUser}), for the trusted auth adapter only (JWT scope
 * {@code auth-adapter}). Not found is a 404, which the adapter turns into {@code null}.
 */
@RestController
@PreAuthorize("hasAuthority('SCOPE_auth-adapter')")
class AuthAdapterQueryController {

    private final AuthAdapterQueries queries;

    AuthAdapterQueryController(AuthAdapterQueries queries) {
        this.queries = queries;
    }

    record SessionLookup(@NotBlank @Size(max = 512) String sessionToken) {

        @Override
        public String toString() {
            return "SessionLookup[redacted]";
        }
    }

    @GetMapping("/api/users/{userId}")
    @Operation(summary = "A user by id (Auth.js getUser)")
    UserView user(@PathVariable String userId) {
        return queries.user(userId).orElseThrow(() -> new NotFound("No such user."));
    }

    @GetMapping("/api/users")
    @Operation(summary = "A user by email (Auth.js getUserByEmail)")
    UserView userByEmail(@RequestParam String email) {
        return queries.userByEmail(email.trim()).orElseThrow(() -> new NotFound("No such user."));
    }

    @GetMapping("/api/accounts/{provider}/{providerAccountId}/user")
    @Operation(summary = "The user a provider account is linked to (Auth.js getUserByAccount)")
    UserView userByAccount(@PathVariable String provider, @PathVariable String providerAccountId) {
        return queries.userByAccount(provider, providerAccountId).orElseThrow(() -> new NotFound("No such account."));
    }

    @GetMapping("/api/accounts/{provider}/{providerAccountId}")
    @Operation(summary = "A linked provider account with its tokens (Auth.js getAccount)")
    AccountView account(@PathVariable String provider, @PathVariable String providerAccountId) {
        return queries.account(provider, providerAccountId).orElseThrow(() -> new NotFound("No such account."));
    }

    @PostMapping("/api/sessions/lookup")
    @Operation(summary = "A session with its user (Auth.js getSessionAndUser); the token travels in the body, never the URL")
    SessionAndUser sessionAndUser(@Valid @RequestBody SessionLookup request) {
        return queries.sessionAndUser(request.sessionToken()).orElseThrow(() -> new NotFound("No such session."));
    }
}

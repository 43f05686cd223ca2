package dev.coda.command.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.users.UserCommand.ChangeProfile;
import dev.coda.command.users.UserCommand.DeleteUser;
import dev.coda.command.users.UserCommand.LinkAccount;
import dev.coda.command.users.UserCommand.RegisterUser;
import dev.coda.command.users.UserCommand.UnlinkAccount;
import dev.coda.command.web.Consistency;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.hibernate.validator.constraints.URL;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Users and their linked accounts, written by the trusted auth adapter (JWT scope {@code auth-adapter})
 * exactly as an Auth.js adapter's {@code createUser}, {@code updateUser}, {@code deleteUser},
 * {@code linkAccount} and {@code unlinkAccount} would. Reads are on the query-service.
 */
@RestController
@PreAuthorize("hasAuthority('SCOPE_auth-adapter')")
class UserController {

    private final CommandGateway commands;
    private final Consistency consistency;
    private final UserRegistry registry;

    UserController(CommandGateway commands, Consistency consistency, UserRegistry registry) {
        this.commands = commands;
        this.consistency = consistency;
        this.registry = registry;
    }

    record NewUser(
            @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 320) String email,
            Instant emailVerified,
            @URL @Size(max = 2048) String image) {
    }

    /** Only the fields present change. */
    record ProfileChange(
            @Size(max = 200) String name,
            @Email @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = 320) String email,
            Instant emailVerified,
            @URL @Size(max = 2048) String image) {

        @AssertTrue(message = "must change at least one of name, email, emailVerified, image")
        boolean isChanging() {
            return name != null || email != null || emailVerified != null || image != null;
        }
    }

    /** An Auth.js {@code AdapterAccount}: snake_case for the OAuth fields, as Auth.js names them. */
    record NewAccount(
            @NotBlank @Size(max = 255) String userId,
            @NotNull @Pattern(regexp = "oauth|oidc|email|webauthn", message = "must be oauth, oidc, email or webauthn") String type,
            @NotBlank @Size(max = 100) String provider,
            @NotBlank @Size(max = 255) String providerAccountId,
            @JsonProperty("refresh_token") @Size(max = 16384) String refreshToken,
            @JsonProperty("access_token") @Size(max = 16384) String accessToken,
            @JsonProperty("expires_at") @PositiveOrZero Integer expiresAt,
            @JsonProperty("token_type") @Size(max = 100) String tokenType,
            @Size(max = 2048) String scope,
            @JsonProperty("id_token") @Size(max = 16384) String idToken,
            @JsonProperty("session_state") @Size(max = 2048) String sessionState) {

        @Override
        public String toString() {
            return "NewAccount[userId=" + userId + ", provider=" + provider + ", secrets redacted]";
        }
    }

    record Written(String id, long consistencyToken) {
    }

    @PostMapping("/api/users")
    @Operation(summary = "Create a user (Auth.js createUser); personal data is sealed with the user's new data key")
    ResponseEntity<Written> register(@Valid @RequestBody NewUser request) {
        String userId = UUID.randomUUID().toString();
        commands.sendAndWait(new RegisterUser(userId, request.name(), request.email().trim(), request.emailVerified(),
                request.image()));
        return respond(HttpStatus.CREATED, userId);
    }

    @PatchMapping("/api/users/{userId}")
    @Operation(summary = "Update a user's profile (Auth.js updateUser)")
    ResponseEntity<Written> change(@PathVariable String userId, @Valid @RequestBody ProfileChange request) {
        commands.sendAndWait(new ChangeProfile(userId, request.name(), request.email() == null ? null : request.email().trim(),
                request.emailVerified(), request.image()));
        return respond(HttpStatus.OK, userId);
    }

    @DeleteMapping("/api/users/{userId}")
    @Operation(summary = "Delete a user with everything they own, and crypto-shred their personal data (Auth.js deleteUser)")
    ResponseEntity<Written> delete(@PathVariable String userId) {
        commands.sendAndWait(new DeleteUser(userId));
        return respond(HttpStatus.OK, userId);
    }

    @PostMapping("/api/accounts")
    @Operation(summary = "Link a provider account to a user (Auth.js linkAccount); its tokens are sealed")
    ResponseEntity<Written> link(@Valid @RequestBody NewAccount request) {
        commands.sendAndWait(new LinkAccount(request.userId(), request.provider(), request.providerAccountId(),
                request.type(), request.refreshToken(), request.accessToken(),
                request.expiresAt() == null ? null : request.expiresAt().longValue(), request.tokenType(),
                request.scope(), request.idToken(), request.sessionState()));
        return respond(HttpStatus.CREATED, request.userId());
    }

    @DeleteMapping("/api/accounts/{provider}/{providerAccountId}")
    @Operation(summary = "Unlink a provider account (Auth.js unlinkAccount)")
    ResponseEntity<Written> unlink(@PathVariable String provider, @PathVariable String providerAccountId) {
        String userId = registry.ownerOfAccount(provider, providerAccountId)
                .orElseThrow(() -> new CommandRefused(Reason.NOT_FOUND, "No such account."));
        commands.sendAndWait(new UnlinkAccount(userId, provider, providerAccountId));
        return respond(HttpStatus.OK, userId);
    }

    private ResponseEntity<Written> respond(HttpStatus status, String userId) {
        return consistency.respond(status, userId, null, token -> new Written(userId, token));
    }
}

package dev.coda.command.users;

import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.users.UserCommand.EndSession;
import dev.coda.command.users.UserCommand.ExtendSession;
import dev.coda.command.users.UserCommand.StartSession;
import dev.coda.command.users.VerificationTokenCommand.IssueVerificationToken;
import dev.coda.command.users.VerificationTokenCommand.UseVerificationToken;
import dev.coda.command.web.Consistency;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Database sessions and verification tokens, written by the trusted auth adapter (JWT scope
 * {@code auth-adapter}). Tokens travel in request bodies only, never in URLs, which end up in access logs.
 */
@RestController
@PreAuthorize("hasAuthority('SCOPE_auth-adapter')")
class SessionController {

    private final CommandGateway commands;
    private final Consistency consistency;
    private final UserRegistry registry;

    SessionController(CommandGateway commands, Consistency consistency, UserRegistry registry) {
        this.commands = commands;
        this.consistency = consistency;
        this.registry = registry;
    }

    record NewSession(@NotBlank @Size(max = 512) String sessionToken, @NotBlank @Size(max = 255) String userId,
                      @NotNull Instant expires) {

        @Override
        public String toString() {
            return "NewSession[userId=" + userId + ", expires=" + expires + "]";
        }
    }

    record SessionChange(@NotBlank @Size(max = 512) String sessionToken, @NotNull Instant expires) {

        @Override
        public String toString() {
            return "SessionChange[expires=" + expires + "]";
        }
    }

    record SessionReference(@NotBlank @Size(max = 512) String sessionToken) {

        @Override
        public String toString() {
            return "SessionReference[redacted]";
        }
    }

    record NewVerificationToken(@NotBlank @Size(max = 320) String identifier, @NotBlank @Size(max = 512) String token,
                                @NotNull Instant expires) {

        @Override
        public String toString() {
            return "NewVerificationToken[expires=" + expires + "]";
        }
    }

    record VerificationTokenReference(@NotBlank @Size(max = 320) String identifier, @NotBlank @Size(max = 512) String token) {

        @Override
        public String toString() {
            return "VerificationTokenReference[redacted]";
        }
    }

    record SessionWritten(String userId, long consistencyToken) {
    }

    /** The used token, as Auth.js {@code useVerificationToken} returns it. */
    record UsedVerificationToken(String identifier, String token, Instant expires, long consistencyToken) {
    }

    record Written(long consistencyToken) {
    }

    @PostMapping("/api/sessions")
    @Operation(summary = "Create a session (Auth.js createSession); the token is sealed in the user's events")
    ResponseEntity<SessionWritten> start(@Valid @RequestBody NewSession request) {
        commands.sendAndWait(new StartSession(request.userId(), request.sessionToken(), request.expires()));
        return respond(HttpStatus.CREATED, request.userId());
    }

    @PatchMapping("/api/sessions")
    @Operation(summary = "Move a session's expiry (Auth.js updateSession)")
    ResponseEntity<SessionWritten> extend(@Valid @RequestBody SessionChange request) {
        String userId = ownerOf(request.sessionToken());
        commands.sendAndWait(new ExtendSession(userId, request.sessionToken(), request.expires()));
        return respond(HttpStatus.OK, userId);
    }

    @PostMapping("/api/sessions/delete")
    @Operation(summary = "Delete a session (Auth.js deleteSession)")
    ResponseEntity<SessionWritten> end(@Valid @RequestBody SessionReference request) {
        String userId = ownerOf(request.sessionToken());
        commands.sendAndWait(new EndSession(userId, request.sessionToken()));
        return respond(HttpStatus.OK, userId);
    }

    @PostMapping("/api/verification-tokens")
    @Operation(summary = "Create a verification token (Auth.js createVerificationToken)")
    ResponseEntity<Written> issue(@Valid @RequestBody NewVerificationToken request) {
        String tokenId = VerificationToken.idOf(request.identifier(), request.token());
        commands.sendAndWait(new IssueVerificationToken(tokenId, request.identifier(), request.token(), request.expires()));
        return consistency.respond(HttpStatus.CREATED, tokenId, null, Written::new);
    }

    @PostMapping("/api/verification-tokens/use")
    @Operation(summary = "Use a verification token once (Auth.js useVerificationToken): 404 when unknown, used or expired")
    ResponseEntity<UsedVerificationToken> use(@Valid @RequestBody VerificationTokenReference request) {
        String tokenId = VerificationToken.idOf(request.identifier(), request.token());
        Instant expires = commands.sendAndWait(new UseVerificationToken(tokenId));
        return consistency.respond(HttpStatus.OK, tokenId, null,
                token -> new UsedVerificationToken(request.identifier(), request.token(), expires, token));
    }

    private String ownerOf(String sessionToken) {
        return registry.ownerOfSession(sessionToken).orElseThrow(() -> new CommandRefused(Reason.NOT_FOUND, "No such session."));
    }

    private ResponseEntity<SessionWritten> respond(HttpStatus status, String userId) {
        return consistency.respond(status, userId, null, token -> new SessionWritten(userId, token));
    }
}

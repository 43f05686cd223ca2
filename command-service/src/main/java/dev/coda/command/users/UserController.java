package dev.coda.command.users;

import dev.coda.command.web.Consistency;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.hibernate.validator.constraints.URL;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Users are registered by the trusted auth adapter (JWT scope {@code auth-adapter}), never by themselves. */
@RestController
@RequestMapping("/api/users")
class UserController {

    private final CommandGateway commands;
    private final Consistency consistency;

    UserController(CommandGateway commands, Consistency consistency) {
        this.commands = commands;
        this.consistency = consistency;
    }

    record RegisterUserRequest(
            @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 320) String email,
            @URL @Size(max = 2048) String image) {
    }

    record UserRegistration(String id, long consistencyToken) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_auth-adapter')")
    @Operation(summary = "Register a user (auth adapter only)")
    ResponseEntity<UserRegistration> register(@Valid @RequestBody RegisterUserRequest request) {
        String userId = UUID.randomUUID().toString();
        commands.sendAndWait(new RegisterUser(userId, request.name(), request.email().trim(), request.image()));
        return consistency.respond(HttpStatus.CREATED, userId, null, token -> new UserRegistration(userId, token));
    }
}

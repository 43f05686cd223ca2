package dev.coda.command.ideas;

import dev.coda.command.web.Consistency;
import dev.coda.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.hibernate.validator.constraints.URL;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's ideas; every command acts on the board of the token's user. */
@RestController
@RequestMapping("/api/ideas")
class IdeaController {

    private final CommandGateway commands;
    private final Consistency consistency;

    IdeaController(CommandGateway commands, Consistency consistency) {
        this.commands = commands;
        this.consistency = consistency;
    }

    /** The seed's insertIdeaSchema: title 1-200, notes up to 10000, githubUrl an http(s) URL or empty. */
    record CreateIdeaRequest(
            @NotBlank @Size(max = 200) String title,
            @Size(max = 10_000) String notes,
            @URL(regexp = "^(https?://.*)?$", message = "must be an http(s) URL or empty") @Size(max = 2048) String githubUrl,
            @Size(max = 200) String linkLabel) {
    }

    record IdeaCreatedResponse(UUID id, int position, long consistencyToken) {
    }

    @PostMapping
    @Operation(summary = "Create an idea at the end of the caller's list")
    ResponseEntity<IdeaCreatedResponse> create(@CurrentUser String userId, @Valid @RequestBody CreateIdeaRequest request) {
        IdeaPlaced placed = commands.sendAndWait(new CreateIdea(userId, UUID.randomUUID(), request.title(),
                request.notes(), emptyToNull(request.githubUrl()), request.linkLabel()));
        long token = consistency.tokenOf(IdeaBoard.idOf(userId));
        return consistency.created(new IdeaCreatedResponse(placed.ideaId(), placed.position(), token), token);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

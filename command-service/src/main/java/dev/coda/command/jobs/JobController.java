package dev.coda.command.jobs;

import dev.coda.command.jobs.JobCommand.CancelJob;
import dev.coda.command.jobs.JobCommand.RequestJob;
import dev.coda.command.web.Consistency;
import dev.coda.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A user asks for a command to run for one of their ideas, and may cancel it before it ends. */
@RestController
class JobController {

    private final CommandGateway commands;
    private final Consistency consistency;

    JobController(CommandGateway commands, Consistency consistency) {
        this.commands = commands;
        this.consistency = consistency;
    }

    record JobRequest(@NotBlank @Size(max = 10_000) String command, @Size(max = 4_096) String cwd) {
    }

    record Requested(UUID id, String status, long consistencyToken) {
    }

    record Done(long consistencyToken) {
    }

    @PostMapping("/api/ideas/{ideaId}/jobs")
    @Operation(summary = "Request a job (pending until one of the caller's runners starts it)")
    ResponseEntity<Requested> request(@CurrentUser String userId, @PathVariable UUID ideaId,
                                      @Valid @RequestBody JobRequest request) {
        UUID jobId = UUID.randomUUID();
        commands.sendAndWait(new RequestJob(userId, jobId, ideaId, request.command(), request.cwd()));
        return consistency.respond(HttpStatus.CREATED, jobId.toString(), null,
                token -> new Requested(jobId, "pending", token));
    }

    @PostMapping("/api/jobs/{jobId}/cancel")
    @Operation(summary = "Cancel a pending or running job (it ends as failed, without an exit code)")
    ResponseEntity<Done> cancel(@CurrentUser String userId, @PathVariable UUID jobId) {
        commands.sendAndWait(new CancelJob(userId, jobId));
        return consistency.respond(HttpStatus.OK, jobId.toString(), null, Done::new);
    }
}

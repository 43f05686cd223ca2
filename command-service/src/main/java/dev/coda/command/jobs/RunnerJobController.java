package dev.coda.command.jobs;

import dev.coda.command.jobs.JobCommand.AppendJobLogs;
import dev.coda.command.jobs.JobCommand.FinishJob;
import dev.coda.command.jobs.JobCommand.KeepJobAlive;
import dev.coda.command.jobs.JobCommand.StartJob;
import dev.coda.command.web.Consistency;
import dev.coda.contracts.devmode.JobEvent.LogLine;
import dev.coda.platform.security.RunnerTokenCheck;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The runner's side of a job (runner token only): start it, stream its logs in batches, send heartbeats while it
 * runs, report the exit code. A batch holds at most {@value #MAX_LINES} lines and {@value #MAX_BATCH_CHARS} characters of messages,
 * and may carry the runner's number for it, counting up from 1, so that sending it again after a lost answer
 * does not store it twice.
 */
@RestController
@RequestMapping("/api/runner/jobs/{jobId}")
class RunnerJobController {

    static final int MAX_LINES = 1_000;
    static final int MAX_MESSAGE_CHARS = 16_384;
    static final int MAX_BATCH_CHARS = 1_048_576;

    private final CommandGateway commands;
    private final Consistency consistency;

    RunnerJobController(CommandGateway commands, Consistency consistency) {
        this.commands = commands;
        this.consistency = consistency;
    }

    /** One line as the runner sends it; {@link ValidLogLines} checks it. */
    record LogLineRequest(String level, String message, Instant timestamp) {
    }

    record LogBatch(@Positive Long sequence, @NotEmpty @Size(max = MAX_LINES) @ValidLogLines List<LogLineRequest> lines) {

        @AssertTrue(message = "the messages of one batch must not exceed " + MAX_BATCH_CHARS + " characters")
        boolean isWithinSizeLimit() {
            return lines == null || lines.stream().filter(line -> line != null && line.message() != null)
                    .mapToLong(line -> line.message().length()).sum() <= MAX_BATCH_CHARS;
        }
    }

    record Finish(@NotNull Integer exitCode) {
    }

    /** {@code attempt}: the runner's id for this start, sent again with its retries (runners from 0.5 on). */
    record Start(UUID attempt) {
    }

    record Done(long consistencyToken) {
    }

    @PostMapping("/start")
    @Operation(summary = "Start a pending job of the runner's user; a start sent again with the same attempt is "
            + "answered as the first, any other start of a running job is a 409")
    ResponseEntity<Done> start(@AuthenticationPrincipal Jwt runner, @PathVariable UUID jobId,
                               @RequestBody(required = false) Start start) {
        UUID attempt = start == null ? null : start.attempt();
        commands.sendAndWait(new StartJob(runner.getSubject(), jobId, pairingOf(runner), attempt));
        return done(jobId);
    }

    @PostMapping("/logs")
    @Operation(summary = "Append a batch of log lines to the running job")
    ResponseEntity<Done> logs(@AuthenticationPrincipal Jwt runner, @PathVariable UUID jobId,
                              @Valid @RequestBody LogBatch batch) {
        List<LogLine> lines = batch.lines().stream()
                .map(line -> new LogLine(line.level(), line.message(), line.timestamp()))
                .toList();
        commands.sendAndWait(new AppendJobLogs(runner.getSubject(), jobId, pairingOf(runner), batch.sequence(), lines));
        return done(jobId);
    }

    @PostMapping("/heartbeat")
    @Operation(summary = "Renew the runner's lease on the running job: without a heartbeat for coda.jobs.lease, it is abandoned")
    ResponseEntity<Done> heartbeat(@AuthenticationPrincipal Jwt runner, @PathVariable UUID jobId) {
        commands.sendAndWait(new KeepJobAlive(runner.getSubject(), jobId, pairingOf(runner)));
        return done(jobId);
    }

    @PostMapping("/finish")
    @Operation(summary = "Report the job's exit code: completed for 0, failed otherwise")
    ResponseEntity<Done> finish(@AuthenticationPrincipal Jwt runner, @PathVariable UUID jobId,
                                @Valid @RequestBody Finish finish) {
        commands.sendAndWait(new FinishJob(runner.getSubject(), jobId, pairingOf(runner), finish.exitCode()));
        return done(jobId);
    }

    private ResponseEntity<Done> done(UUID jobId) {
        return consistency.respond(HttpStatus.OK, jobId.toString(), null, Done::new);
    }

    private static UUID pairingOf(Jwt runner) {
        return UUID.fromString(runner.getClaimAsString(RunnerTokenCheck.PAIRING_CLAIM));
    }
}

package dev.coda.command.jobs;

import dev.coda.contracts.devmode.JobEvent.LogLine;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a dev job: the user's ({@code userId}) or their runner's ({@code pairingId}). */
public sealed interface JobCommand {

    @TargetAggregateIdentifier
    UUID jobId();

    String userId();

    record RequestJob(String userId, UUID jobId, UUID ideaId, String command, String cwd) implements JobCommand {
    }

    record CancelJob(String userId, UUID jobId) implements JobCommand {
    }

    /** {@code attempt}: the runner's id for this start, the same in its retries; {@code null} from runners before 0.5. */
    record StartJob(String userId, UUID jobId, UUID pairingId, UUID attempt) implements JobCommand {
    }

    /** {@code sequence}: the runner's number for the batch, or {@code null}; see {@code DevJob}. */
    record AppendJobLogs(String userId, UUID jobId, UUID pairingId, Long sequence, List<LogLine> lines)
            implements JobCommand {
    }

    /** The runner still runs the job: its lease is renewed. */
    record KeepJobAlive(String userId, UUID jobId, UUID pairingId) implements JobCommand {
    }

    /** The job's lease ran out ({@link JobLeaseSweeper}): its runner is gone. */
    record AbandonJob(String userId, UUID jobId) implements JobCommand {
    }

    record FinishJob(String userId, UUID jobId, UUID pairingId, int exitCode) implements JobCommand {
    }
}

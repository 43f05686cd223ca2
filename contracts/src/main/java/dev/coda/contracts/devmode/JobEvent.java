package dev.coda.contracts.devmode;

import dev.coda.contracts.EventRevision;
import dev.coda.contracts.UserOwned;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Events of a {@code DevJob}: requested by a user for one of their ideas, run by one of their runners. */
public sealed interface JobEvent extends UserOwned {

    UUID jobId();

    Instant at();

    @EventRevision("1")
    record JobRequested(String userId, UUID jobId, UUID ideaId, String command, String cwd, Instant at)
            implements JobEvent {
    }

    /**
     * The runner of {@code pairingId} started the job; {@code attempt} is the runner's id for this start, which its
     * retries send again (revision 2; {@code null} in revision 1).
     */
    @EventRevision("2")
    record JobStarted(String userId, UUID jobId, UUID pairingId, UUID attempt, Instant at) implements JobEvent {
    }

    /**
     * One batch of log lines, in the order the runner sent them; {@code sequence} is the runner's number for the
     * batch, when it gave one (revision 2; {@code null} in revision 1).
     */
    @EventRevision("2")
    record JobLogsAppended(String userId, UUID jobId, Long sequence, List<LogLine> lines, Instant at) implements JobEvent {
    }

    /** The command exited: {@code completed} for exit code 0, {@code failed} otherwise. */
    @EventRevision("1")
    record JobFinished(String userId, UUID jobId, int exitCode, Instant at) implements JobEvent {
    }

    /** The user cancelled the job before it finished; it ends as {@code failed} without an exit code. */
    @EventRevision("1")
    record JobCancelled(String userId, UUID jobId, Instant at) implements JobEvent {
    }

    /**
     * The runner running the job stopped reporting on it (crashed, killed, cut off) for longer than a job's lease;
     * it ends as {@code failed} without an exit code.
     */
    @EventRevision("1")
    record JobAbandoned(String userId, UUID jobId, Instant at) implements JobEvent {
    }

    /** A log line with its level ({@code info}, {@code warn}, {@code error}, {@code debug}) and original time. */
    record LogLine(String level, String message, Instant timestamp) {
    }
}

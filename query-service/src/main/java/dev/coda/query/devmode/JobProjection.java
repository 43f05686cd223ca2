package dev.coda.query.devmode;

import static dev.coda.query.projection.ReadModel.utc;

import dev.coda.contracts.devmode.JobEvent;
import dev.coda.contracts.devmode.JobEvent.JobAbandoned;
import dev.coda.contracts.devmode.JobEvent.JobCancelled;
import dev.coda.contracts.devmode.JobEvent.JobFinished;
import dev.coda.contracts.devmode.JobEvent.JobLogsAppended;
import dev.coda.contracts.devmode.JobEvent.JobRequested;
import dev.coda.contracts.devmode.JobEvent.JobStarted;
import dev.coda.contracts.devmode.JobEvent.LogLine;
import dev.coda.query.projection.CopyRows;
import dev.coda.query.projection.ReadModel;
import dev.coda.query.projection.ReadModelWrites;
import dev.coda.query.projection.ReadModelWrites.Parent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Projects job events into {@code dev_jobs} and {@code dev_logs}. A job whose idea was purged meanwhile is
 * gone with it (cascade), so later events of that job change nothing instead of breaking the projection.
 */
@Component
@ProcessingGroup(ReadModel.PROCESSOR)
class JobProjection {

    /** Room for a batch's line index in a line id; batches hold at most 1000 lines. */
    private static final int LINE_BITS = 20;

    private final ReadModelWrites writes;

    JobProjection(ReadModelWrites writes) {
        this.writes = writes;
    }

    @EventHandler
    void on(JobRequested event) {
        writes.sql("""
                        INSERT INTO dev_jobs (id, idea_id, user_id, command, cwd, status, created_at, updated_at)
                        SELECT :id, :ideaId, :userId, :command, :cwd, 'pending', :at, :at
                        WHERE EXISTS (SELECT 1 FROM ideas WHERE id = :ideaId)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", event.jobId())
                .param("ideaId", event.ideaId())
                .param("userId", event.userId())
                .param("command", event.command())
                .param("cwd", event.cwd())
                .param("at", utc(event.at()))
                .run();
    }

    @EventHandler
    void on(JobStarted event) {
        writes.sql("UPDATE dev_jobs SET status = 'running', started_at = :at, updated_at = :at WHERE id = :id")
                .param("id", event.jobId())
                .param("at", utc(event.at()))
                .run();
    }

    /**
     * One COPY per run of log batches. A line's id is derived from the batch's sequence number in its job, the
     * line's place in the batch and the job id: within a job, ids sort like the lines arrived, and a replay
     * rebuilds the same ids. Lines whose job is gone (its idea was purged) or that are there already are
     * skipped by the fallback, which only runs when the COPY conflicted. The job is each line's parent: checked
     * once per COPY, not once per line.
     */
    @EventHandler
    void on(JobLogsAppended event, @SequenceNumber long sequence) {
        long jobBits = event.jobId().getLeastSignificantBits();
        List<LogLine> lines = event.lines();
        LocalDateTime at = utc(event.at());
        CopyRows rows = new CopyRows();
        for (int i = 0; i < lines.size(); i++) {
            LogLine line = lines.get(i);
            rows.row(lineId(sequence, i, jobBits), event.jobId(), line.level(), line.message(), utc(line.timestamp()), at);
        }
        writes.copy("dev_logs (id, job_id, level, message, timestamp, created_at)", rows, new Parent("dev_jobs", event.jobId()),
                connection -> insertSkippingConflicts(connection, event, sequence));
    }

    private static PreparedStatement insertSkippingConflicts(Connection connection, JobLogsAppended event, long sequence)
            throws SQLException {
        long jobBits = event.jobId().getLeastSignificantBits();
        List<LogLine> lines = event.lines();
        UUID[] ids = new UUID[lines.size()];
        String[] levels = new String[lines.size()];
        String[] messages = new String[lines.size()];
        String[] timestamps = new String[lines.size()]; // text: a java.sql.Timestamp goes through the JVM's time zone
        for (int i = 0; i < lines.size(); i++) {
            ids[i] = lineId(sequence, i, jobBits);
            levels[i] = lines.get(i).level();
            messages[i] = lines.get(i).message();
            // to the microsecond, as the COPY writes it: PostgreSQL would round the digits beyond
            timestamps[i] = utc(lines.get(i).timestamp()).truncatedTo(ChronoUnit.MICROS).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO dev_logs (id, job_id, level, message, timestamp, created_at)
                SELECT line.id, ?, line.level, line.message, line.at, ?
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::timestamp[]) AS line(id, level, message, at)
                WHERE EXISTS (SELECT 1 FROM dev_jobs WHERE id = ?)
                ON CONFLICT (id) DO NOTHING""");
        insert.setObject(1, event.jobId());
        insert.setObject(2, utc(event.at()));
        insert.setArray(3, connection.createArrayOf("uuid", ids));
        insert.setArray(4, connection.createArrayOf("text", levels));
        insert.setArray(5, connection.createArrayOf("text", messages));
        insert.setArray(6, connection.createArrayOf("text", timestamps));
        insert.setObject(7, event.jobId());
        return insert;
    }

    /** The id of line {@code line} of the batch that is event {@code sequence} of the job whose id ends in {@code jobBits}. */
    static UUID lineId(long sequence, int line, long jobBits) {
        return new UUID((sequence << LINE_BITS) | line, jobBits);
    }

    @EventHandler
    void on(JobFinished event) {
        writes.sql("""
                        UPDATE dev_jobs SET status = :status, exit_code = :exitCode, completed_at = :at, updated_at = :at
                        WHERE id = :id""")
                .param("id", event.jobId())
                .param("status", event.exitCode() == 0 ? "completed" : "failed")
                .param("exitCode", event.exitCode())
                .param("at", utc(event.at()))
                .run();
    }

    @EventHandler
    void on(JobCancelled event) {
        failWithoutExitCode(event);
    }

    @EventHandler
    void on(JobAbandoned event) {
        failWithoutExitCode(event);
    }

    private void failWithoutExitCode(JobEvent event) {
        writes.sql("UPDATE dev_jobs SET status = 'failed', completed_at = :at, updated_at = :at WHERE id = :id")
                .param("id", event.jobId())
                .param("at", utc(event.at()))
                .run();
    }
}

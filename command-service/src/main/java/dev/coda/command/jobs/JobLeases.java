package dev.coda.command.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Until when the runner of each running job holds it: a lease of {@code coda.jobs.lease}, granted when the job
 * starts and renewed by the runner's heartbeats. Kept beside the event store and written in the transaction of
 * the job's command, so that a job whose runner is gone is found even after every service was down: the
 * {@link JobLeaseSweeper} ends it.
 */
@Component
public class JobLeases {

    /** A running job whose lease ran out. */
    record Expired(String userId, UUID jobId) {
    }

    private final JdbcClient jdbc;
    private final JobsProperties properties;

    JobLeases(JdbcClient jdbc, JobsProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Grants the job a lease from now, or renews its lease. */
    void grant(String userId, UUID jobId) {
        jdbc.sql("""
                        INSERT INTO eventstore.job_leases (job_id, user_id, expires_at) VALUES (:jobId, :userId, :expiresAt)
                        ON CONFLICT (job_id) DO UPDATE SET expires_at = excluded.expires_at""")
                .param("jobId", jobId)
                .param("userId", userId)
                .param("expiresAt", Timestamp.from(now().plus(properties.lease())))
                .update();
    }

    void drop(UUID jobId) {
        jdbc.sql("DELETE FROM eventstore.job_leases WHERE job_id = :jobId").param("jobId", jobId).update();
    }

    /** Whether the job's lease ran out; a job without a lease has none that could. */
    boolean hasExpired(UUID jobId) {
        return jdbc.sql("SELECT expires_at <= :now FROM eventstore.job_leases WHERE job_id = :jobId")
                .param("jobId", jobId)
                .param("now", Timestamp.from(now()))
                .query(Boolean.class).optional().orElse(false);
    }

    List<Expired> expired(int limit) {
        return jdbc.sql("""
                        SELECT user_id, job_id FROM eventstore.job_leases
                        WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit""")
                .param("now", Timestamp.from(now()))
                .param("limit", limit)
                .query((row, n) -> new Expired(row.getString("user_id"), row.getObject("job_id", UUID.class)))
                .list();
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }
}

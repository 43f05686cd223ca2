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
 * starts and renewed by the runner's heartbeats and batches of logs. Kept beside the event store and written in
 * the transaction of the job's command, so that a job whose runner is gone is found even after every service was
 * down: the {@link JobLeaseSweeper} ends it.
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

    /** Grants the job a lease from now, when it starts. */
    void grant(String userId, UUID jobId) {
        jdbc.sql("""
                        INSERT INTO eventstore.job_leases (job_id, user_id, expires_at) VALUES (:jobId, :userId, :expiresAt)
                        ON CONFLICT (job_id) DO UPDATE SET expires_at = excluded.expires_at""")
                .param("jobId", jobId)
                .param("userId", userId)
                .param("expiresAt", Timestamp.from(now().plus(properties.lease())))
                .update();
    }

    /**
     * Renews the running job's lease from now. Only a start grants one: a heartbeat, batch or repeated start decided on
     * a job that ended meanwhile, on another instance, finds no lease and leaves none behind.
     */
    void renew(UUID jobId) {
        jdbc.sql("UPDATE eventstore.job_leases SET expires_at = :expiresAt WHERE job_id = :jobId")
                .param("jobId", jobId)
                .param("expiresAt", Timestamp.from(now().plus(properties.lease())))
                .update();
    }

    /** The user's running jobs: those with a lease, until the sweeper ends the ones whose lease ran out. */
    int running(String userId) {
        return jdbc.sql("SELECT count(*) FROM eventstore.job_leases WHERE user_id = :userId")
                .param("userId", userId)
                .query(Integer.class)
                .single();
    }

    void drop(UUID jobId) {
        jdbc.sql("DELETE FROM eventstore.job_leases WHERE job_id = :jobId").param("jobId", jobId).update();
    }

    /**
     * Takes the job's lease away if it ran out, and says whether it did. In one statement: a renewal committed
     * meanwhile, by another instance too, is seen and wins.
     */
    boolean revokeExpired(UUID jobId) {
        return jdbc.sql("DELETE FROM eventstore.job_leases WHERE job_id = :jobId AND expires_at <= :now")
                .param("jobId", jobId)
                .param("now", Timestamp.from(now()))
                .update() == 1;
    }

    /**
     * Gives every lease at least a full lease from now: after Coda was down, its runners could not renew them,
     * and their jobs are not to be ended for that.
     */
    void extendAll() {
        jdbc.sql("UPDATE eventstore.job_leases SET expires_at = GREATEST(expires_at, :expiresAt)")
                .param("expiresAt", Timestamp.from(now().plus(properties.lease())))
                .update();
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

package dev.coda.query.devmode;

import static dev.coda.query.projection.ReadModel.instant;

import dev.coda.query.devmode.DevModeViews.JobView;
import dev.coda.query.devmode.DevModeViews.LogLineView;
import dev.coda.query.devmode.DevModeViews.LogPage;
import dev.coda.query.devmode.DevModeViews.PairingView;
import dev.coda.query.projection.InstantCursor;
import dev.coda.query.projection.ReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The read side's Dev Mode queries, each scoped to one user, as plain SQL over the seed's tables. */
@Component
class JobQueries {

    private static final int PENDING_PAGE = 100;

    private static final String JOB_COLUMNS = """
            id, idea_id, command, cwd, status, started_at, completed_at, exit_code, created_at, updated_at""";

    private final JdbcClient jdbc;

    JobQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The user's approved pairings and those still waiting for their runner or their approval; one whose code
     * expired unapproved can never be approved, and so is left out.
     */
    List<PairingView> pairings(String userId) {
        return jdbc.sql("""
                        SELECT id, approved_at, expires_at, runner_type, runner_version, hostname, created_at
                        FROM dev_pairings
                        WHERE user_id = :userId AND (approved_at IS NOT NULL OR expires_at > (now() AT TIME ZONE 'UTC'))
                        ORDER BY created_at DESC, id""")
                .param("userId", userId)
                .query((row, n) -> new PairingView(row.getObject("id", UUID.class), instant(row, "approved_at"),
                        instant(row, "expires_at"), row.getString("runner_type"), row.getString("runner_version"),
                        row.getString("hostname"), instant(row, "created_at")))
                .list();
    }

    /** Whether a runner token's pairing is approved and was not revoked (revoked pairings have no row). */
    boolean isPairingApproved(UUID pairingId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM dev_pairings WHERE id = :id AND approved_at IS NOT NULL)")
                .param("id", pairingId).query(Boolean.class).single();
    }

    Optional<JobView> job(String userId, UUID jobId) {
        return jdbc.sql("SELECT " + JOB_COLUMNS + " FROM dev_jobs WHERE id = :id AND user_id = :userId")
                .param("id", jobId).param("userId", userId)
                .query(JobQueries::job).optional();
    }

    List<JobView> jobsOfIdea(String userId, UUID ideaId, int limit) {
        return jdbc.sql("SELECT " + JOB_COLUMNS + " FROM dev_jobs WHERE idea_id = :ideaId AND user_id = :userId"
                        + " ORDER BY created_at DESC, id LIMIT :limit")
                .param("ideaId", ideaId).param("userId", userId).param("limit", limit)
                .query(JobQueries::job).list();
    }

    /**
     * The oldest {@value #PENDING_PAGE}: a runner runs them one at a time and asks again, so it never needs more.
     * Those of an idea in the trash wait: the user may have deleted it to be rid of them, and gets them back with it.
     */
    List<JobView> pendingJobs(String userId) {
        return jdbc.sql("SELECT " + JOB_COLUMNS + " FROM dev_jobs j WHERE user_id = :userId AND status = 'pending'"
                        + " AND NOT EXISTS (SELECT 1 FROM ideas i WHERE i.id = j.idea_id AND i.deleted_at IS NOT NULL)"
                        + " ORDER BY created_at, id LIMIT " + PENDING_PAGE)
                .param("userId", userId)
                .query(JobQueries::job).list();
    }

    /** Log lines after {@code after} in time order (keyset on timestamp, id), optionally of one level. */
    LogPage logs(UUID jobId, InstantCursor after, int limit, String level) {
        List<LogLineView> lines = jdbc.sql("""
                        SELECT id, level, message, timestamp, created_at FROM dev_logs
                        WHERE job_id = :jobId
                          AND (CAST(:afterAt AS timestamp) IS NULL OR (timestamp, id) > (CAST(:afterAt AS timestamp), CAST(:afterId AS uuid)))
                          AND (CAST(:level AS text) IS NULL OR level = :level)
                        ORDER BY timestamp, id
                        LIMIT :limit""")
                .param("jobId", jobId)
                .param("afterAt", after == null ? null : ReadModel.utc(after.timestamp()))
                .param("afterId", after == null ? null : after.id())
                .param("level", level)
                .param("limit", limit)
                .query((row, n) -> new LogLineView(row.getObject("id", UUID.class), row.getString("level"),
                        row.getString("message"), instant(row, "timestamp"), instant(row, "created_at")))
                .list();
        LogLineView last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        return new LogPage(lines, last == null ? null : new InstantCursor(last.timestamp(), last.id()).encode());
    }

    private static JobView job(ResultSet row, int n) throws SQLException {
        return new JobView(row.getObject("id", UUID.class), row.getObject("idea_id", UUID.class), row.getString("command"),
                row.getString("cwd"), row.getString("status"), instant(row, "started_at"), instant(row, "completed_at"),
                row.getObject("exit_code", Integer.class), instant(row, "created_at"), instant(row, "updated_at"));
    }

}

package dev.coda.command.ideas;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When each idea in the trash is due to be purged. Kept beside the event store and written in the same
 * transaction as the delete, restore or purge event, so a deadline is never lost, not even when every
 * service is down when it passes: {@link IdeaPurger} catches up on start.
 */
@Component
public class PurgeSchedule {

    /** An idea whose undo window has passed. */
    record DuePurge(String userId, UUID ideaId) {
    }

    private final JdbcClient jdbc;

    PurgeSchedule(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void schedule(String userId, UUID ideaId, Instant dueAt) {
        jdbc.sql("""
                        INSERT INTO eventstore.idea_purge_schedule (idea_id, user_id, due_at) VALUES (:ideaId, :userId, :dueAt)
                        ON CONFLICT (idea_id) DO UPDATE SET due_at = excluded.due_at""")
                .param("ideaId", ideaId)
                .param("userId", userId)
                .param("dueAt", Timestamp.from(dueAt))
                .update();
    }

    void cancel(UUID ideaId) {
        jdbc.sql("DELETE FROM eventstore.idea_purge_schedule WHERE idea_id = :ideaId").param("ideaId", ideaId).update();
    }

    List<DuePurge> due(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT user_id, idea_id FROM eventstore.idea_purge_schedule
                        WHERE due_at <= :now ORDER BY due_at LIMIT :limit""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((row, n) -> new DuePurge(row.getString("user_id"), row.getObject("idea_id", UUID.class)))
                .list();
    }
}

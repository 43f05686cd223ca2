package dev.coda.query.ideas;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The read side's idea queries, as plain SQL over the seed's tables; each is one round trip. */
@Component
class IdeaQueries {

    /** Features as one JSON array per idea, timestamps rendered as UTC instants like the idea's own. */
    private static final String FEATURES = """
            coalesce((
              SELECT json_agg(json_build_object(
                       'id', f.id, 'title', f.title, 'notes', f.notes, 'detail', f.detail,
                       'detailSections', f.detail_sections, 'position', f.position, 'starred', f.starred,
                       'completedAt', to_char(f.completed_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                       'createdAt', to_char(f.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                       'updatedAt', to_char(f.updated_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
                     ORDER BY f.position, f.id)
              FROM idea_features f WHERE f.idea_id = i.id), '[]')""";

    private final JdbcClient jdbc;

    IdeaQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's ideas that are not soft-deleted, in their order, with their features. */
    List<IdeaView> listIdeas(String userId) {
        return jdbc.sql("""
                        SELECT i.id, i.title, i.notes, i.position, i.starred, i.super_starred, i.github_url,
                               i.link_label, i.created_at, i.updated_at, %s AS features
                        FROM ideas i
                        WHERE i.user_id = :userId AND i.deleted_at IS NULL
                        ORDER BY i.position, i.id""".formatted(FEATURES))
                .param("userId", userId)
                .query(IdeaQueries::idea)
                .list();
    }

    private static IdeaView idea(ResultSet row, int rowNumber) throws SQLException {
        return new IdeaView(row.getObject("id", java.util.UUID.class), row.getString("title"), row.getString("notes"),
                row.getInt("position"), row.getBoolean("starred"), row.getBoolean("super_starred"),
                row.getString("github_url"), row.getString("link_label"),
                row.getTimestamp("created_at").toLocalDateTime().toInstant(ZoneOffset.UTC),
                row.getTimestamp("updated_at").toLocalDateTime().toInstant(ZoneOffset.UTC),
                row.getString("features"));
    }
}

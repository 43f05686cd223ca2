package dev.coda.query.ideas;

import static dev.coda.query.projection.ReadModel.instant;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.coda.query.projection.InstantCursor;
import dev.coda.query.projection.InvalidParameter;
import dev.coda.query.projection.ReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read side's idea queries, as plain SQL over the seed's tables, each scoped to one user. Ideas come
 * with their features in the same round trip; soft-deleted ideas show only in the trash. What one answer's ideas
 * hold together is bounded ({@link IdeaQueryProperties#maxPageBytes()}): an idea's features alone may hold a
 * million characters, and a page of 200 such ideas would take gigabytes to build.
 */
@Component
@EnableConfigurationProperties(IdeaQueryProperties.class)
class IdeaQueries {

    /** A keyset page; {@code nextCursor} is null on the last page. */
    record IdeaSlice(List<IdeaView> items, String nextCursor) {
    }

    /** An offset page with the totals a page navigation needs. */
    record IdeaPage(List<IdeaView> items, long total, int page, int pageSize, long totalPages) {
    }

    /** A soft-deleted idea that can still be restored, until {@code undoExpiresAt}. */
    record TrashedIdea(@JsonUnwrapped IdeaView idea, Instant deletedAt, Instant undoExpiresAt) {
    }

    /** A keyset page of the trash; {@code nextCursor} is null on the last page. */
    record TrashPage(List<TrashedIdea> items, String nextCursor) {
    }

    /** A search hit; a higher {@code rank} is a better match. */
    record IdeaMatch(@JsonUnwrapped IdeaView idea, float rank) {
    }

    record FeatureCounts(UUID id, String title, long featureCount, long completedCount) {
    }

    /** A keyset page of feature counts; {@code nextCursor} is null on the last. */
    record CountsPage(List<FeatureCounts> items, String nextCursor) {
    }

    /** An idea in the seed's import format ({@code ideaImportSchema}), absent values omitted. */
    record IdeaExport(@JsonRawValue String idea, @JsonRawValue String features) {
    }

    /** Timestamps in JSON built by SQL look like Jackson's: ISO-8601 instants in UTC. */
    private static final String ISO_INSTANT = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";

    private static final String IDEA_COLUMNS = """
            i.id, i.title, i.notes, i.position, i.starred, i.super_starred, i.github_url, i.link_label,
            i.created_at, i.updated_at,
            coalesce((
              SELECT json_agg(json_build_object(
                       'id', f.id, 'title', f.title, 'notes', f.notes, 'detail', f.detail,
                       'detailSections', f.detail_sections, 'position', f.position, 'starred', f.starred,
                       'completedAt', to_char(f.completed_at, %1$s),
                       'createdAt', to_char(f.created_at, %1$s),
                       'updatedAt', to_char(f.updated_at, %1$s))
                     ORDER BY f.position, f.id)
              FROM idea_features f WHERE f.idea_id = i.id), '[]') AS features""".formatted(ISO_INSTANT);

    /** The cursor's idea, if it is still on the user's list and not changed and moved behind its place (see {@link #listIdeas}). */
    private static final String LIVE_CURSOR_IDEA = """
            a.id = :afterId AND a.user_id = :userId AND a.deleted_at IS NULL
            AND (CAST(:afterUpdatedAt AS timestamp) IS NULL OR a.updated_at = :afterUpdatedAt OR a.position <= :afterPosition)""";

    /** The idea the page was cut before, by the same rule (its place then was just after the cursor's idea). */
    private static final String LIVE_NEXT_IDEA = """
            n.id = CAST(:nextId AS uuid) AND n.user_id = :userId AND n.deleted_at IS NULL
            AND (n.updated_at = :nextUpdatedAt OR n.position - 1 <= :afterPosition)""";

    /** The greatest id: {@code (position - 1, LAST_ID)} is just before {@code position}'s first idea. */
    private static final UUID LAST_ID = new UUID(-1, -1);

    /** Ideas {@code i} after the cursor in (position, id) order, as {@link #listIdeas} says; bound by {@link #after}. */
    private static final String AFTER_CURSOR = """
            (i.position, i.id) > (coalesce((SELECT a.position FROM ideas a WHERE %1$s),
                                           (SELECT n.position - 1 FROM ideas n WHERE %2$s), :afterPosition - 1),
                                  coalesce((SELECT a.id FROM ideas a WHERE %1$s), :lastId))""".formatted(LIVE_CURSOR_IDEA,
            LIVE_NEXT_IDEA);

    private final JdbcClient jdbc;
    private final long maxPageBytes;

    IdeaQueries(JdbcClient jdbc, IdeaQueryProperties properties) {
        this.jdbc = jdbc;
        this.maxPageBytes = properties.maxPageBytes().toBytes();
    }

    /**
     * The user's ideas after {@code after} in (position, id) order, optionally only the (super-)starred ones. The
     * cursor's idea is looked up where it is now: a delete, restore or move before it renumbers the positions
     * since the cursor was handed out, and comparing with its old position would skip or repeat ideas. When it
     * is gone, the page starts at the idea the last page was cut before, where that one is now; so it does when
     * the cursor's idea was changed (its version) and is now behind its old place, which is where a move of its own
     * to the end takes it: where it went says nothing of where the page ended. Changed and now ahead of its old
     * place, it was either moved there, and the ideas between are seen again, or others before it went, and none
     * is: the two cannot be told apart, and only the first is safe to get wrong. The next idea is trusted by the
     * same rule; when neither is, the cursor's old position serves, and the idea now there is the next: right when
     * only the cursor's idea left, one idea skipped for each other that left before it.
     */
    IdeaSlice listIdeas(String userId, Cursor after, int limit, boolean starredOnly, boolean superStarredOnly) {
        List<Candidate<IdeaView>> rows = after(after, jdbc.sql(withinBudget("""
                        SELECT %s
                        FROM ideas i
                        WHERE i.user_id = :userId AND i.deleted_at IS NULL AND %s
                          AND (i.starred OR NOT :starredOnly) AND (i.super_starred OR NOT :superStarredOnly)
                        ORDER BY i.position, i.id
                        LIMIT :limit""".formatted(IDEA_COLUMNS, AFTER_CURSOR), "position, id")))
                .param("userId", userId)
                .param("starredOnly", starredOnly)
                .param("superStarredOnly", superStarredOnly)
                .param("limit", limit + 1)
                .param("maxPageBytes", maxPageBytes)
                .query(candidate(IdeaQueries::idea))
                .list();
        Kept<IdeaView> kept = keep(rows, limit);
        if (!kept.cut()) {
            return new IdeaSlice(kept.items(), null);
        }
        Candidate<IdeaView> last = rows.get(kept.items().size() - 1);
        return new IdeaSlice(kept.items(), cursorAt(last.item()).before(last.nextId(), last.nextUpdatedAt()).encode());
    }

    /**
     * Page {@code page} (from 1) of the user's ideas; items and total from one snapshot. The page's ideas are chosen
     * first and their features read after: the skipped ideas' features are never built.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    IdeaPage pageOfIdeas(String userId, int page, int pageSize) {
        List<Candidate<IdeaView>> rows = jdbc.sql(withinBudget("""
                        SELECT %s
                        FROM (SELECT * FROM ideas
                              WHERE user_id = :userId AND deleted_at IS NULL
                              ORDER BY position, id
                              LIMIT :pageSize OFFSET :offset) i""".formatted(IDEA_COLUMNS), "position, id"))
                .param("userId", userId)
                .param("pageSize", pageSize)
                .param("offset", (page - 1L) * pageSize)
                .param("maxPageBytes", maxPageBytes)
                .query(candidate(IdeaQueries::idea))
                .list();
        List<IdeaView> ideas = whole(rows, pageSize, "pageSize");
        long total = jdbc.sql("SELECT count(*) FROM ideas WHERE user_id = :userId AND deleted_at IS NULL")
                .param("userId", userId)
                .query(Long.class)
                .single();
        return new IdeaPage(ideas, total, page, pageSize, (total + pageSize - 1) / pageSize);
    }

    /** The user's idea, unless it is soft-deleted. */
    Optional<IdeaView> findIdea(String userId, UUID ideaId) {
        return jdbc.sql("""
                        SELECT %s
                        FROM ideas i
                        WHERE i.id = :ideaId AND i.user_id = :userId AND i.deleted_at IS NULL""".formatted(IDEA_COLUMNS))
                .param("ideaId", ideaId)
                .param("userId", userId)
                .query(IdeaQueries::idea)
                .optional();
    }

    /** Soft-deleted ideas whose undo window is still open, the latest deletion first, a keyset page at a time. */
    TrashPage trash(String userId, InstantCursor after, int limit) {
        List<Candidate<TrashedIdea>> rows = jdbc.sql(withinBudget("""
                        SELECT %s, i.deleted_at, i.undo_expires_at
                        FROM ideas i
                        WHERE i.user_id = :userId AND i.deleted_at IS NOT NULL
                          AND i.undo_expires_at > (now() AT TIME ZONE 'UTC')
                          AND (CAST(:afterAt AS timestamp) IS NULL
                               OR (i.deleted_at, i.id) < (CAST(:afterAt AS timestamp), CAST(:afterId AS uuid)))
                        ORDER BY i.deleted_at DESC, i.id DESC
                        LIMIT :limit""".formatted(IDEA_COLUMNS), "deleted_at DESC, id DESC"))
                .param("userId", userId)
                .param("afterAt", after == null ? null : ReadModel.utc(after.timestamp()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit + 1)
                .param("maxPageBytes", maxPageBytes)
                .query(candidate((row, n) -> new TrashedIdea(idea(row, n), instant(row, "deleted_at"), instant(row, "undo_expires_at"))))
                .list();
        Kept<TrashedIdea> kept = keep(rows, limit);
        if (!kept.cut()) {
            return new TrashPage(kept.items(), null);
        }
        TrashedIdea last = kept.items().get(kept.items().size() - 1);
        return new TrashPage(kept.items(), new InstantCursor(last.deletedAt(), last.idea().id()).encode());
    }

    /** Full-text search over title (weight A) and notes (weight B); any text is a valid query. */
    List<IdeaMatch> search(String userId, String text, int limit) {
        List<Candidate<IdeaMatch>> rows = jdbc.sql(withinBudget("""
                        SELECT %s, ts_rank(i.search_vector, query) AS rank
                        FROM ideas i, plainto_tsquery('english', :text) query
                        WHERE i.user_id = :userId AND i.deleted_at IS NULL AND i.search_vector @@ query
                        ORDER BY rank DESC, i.position, i.id
                        LIMIT :limit""".formatted(IDEA_COLUMNS), "rank DESC, position, id"))
                .param("userId", userId)
                .param("text", text)
                .param("limit", limit)
                .param("maxPageBytes", maxPageBytes)
                .query(candidate((row, n) -> new IdeaMatch(idea(row, n), row.getFloat("rank"))))
                .list();
        return whole(rows, limit, "limit");
    }

    /**
     * Per idea, in order, a keyset page at a time: how many features it has and how many of them are completed. The
     * page's ideas are chosen first, and only theirs are counted.
     */
    CountsPage featureCounts(String userId, Cursor after, int limit) {
        List<Counted> rows = after(after, jdbc.sql("""
                        SELECT i.id, i.title, i.position, i.updated_at, c.feature_count, c.completed_count
                        FROM ideas i
                        CROSS JOIN LATERAL (SELECT count(*) AS feature_count, count(f.completed_at) AS completed_count
                                            FROM idea_features f WHERE f.idea_id = i.id) c
                        WHERE i.user_id = :userId AND i.deleted_at IS NULL AND %s
                        ORDER BY i.position, i.id
                        LIMIT :limit""".formatted(AFTER_CURSOR)))
                .param("userId", userId)
                .param("limit", limit + 1)
                .query((row, n) -> new Counted(new FeatureCounts(row.getObject("id", UUID.class), row.getString("title"),
                        row.getLong("feature_count"), row.getLong("completed_count")),
                        Cursor.at(row.getInt("position"), row.getObject("id", UUID.class), instant(row, "updated_at"))))
                .list();
        List<Counted> page = rows.subList(0, Math.min(limit, rows.size()));
        List<FeatureCounts> counts = page.stream().map(Counted::counts).toList();
        if (rows.size() <= limit) {
            return new CountsPage(counts, null);
        }
        Cursor next = rows.get(limit).cursor();
        return new CountsPage(counts, page.get(limit - 1).cursor().before(next.id(), next.updatedAt()).encode());
    }

    /** A counted idea and the cursor of the page after it. */
    private record Counted(FeatureCounts counts, Cursor cursor) {
    }

    /** Binds the parameters of {@link #AFTER_CURSOR} to {@code statement}. */
    private static JdbcClient.StatementSpec after(Cursor cursor, JdbcClient.StatementSpec statement) {
        return statement.param("afterPosition", cursor.position())
                .param("afterId", cursor.id())
                .param("afterUpdatedAt", ReadModel.utc(cursor.updatedAt()))
                .param("nextId", cursor.nextId())
                .param("nextUpdatedAt", ReadModel.utc(cursor.nextUpdatedAt()))
                .param("lastId", LAST_ID);
    }

    private static Cursor cursorAt(IdeaView idea) {
        return Cursor.at(idea.position(), idea.id(), idea.updatedAt());
    }

    /** The user's idea as a document {@code ideaImportSchema} accepts, unless it is soft-deleted. */
    Optional<IdeaExport> export(String userId, UUID ideaId) {
        return jdbc.sql("""
                        SELECT json_strip_nulls(json_build_object(
                                 'title', i.title, 'notes', i.notes, 'starred', i.starred,
                                 'superStarred', i.super_starred, 'githubUrl', i.github_url,
                                 'linkLabel', i.link_label)) AS idea,
                               coalesce((
                                 SELECT json_agg(json_strip_nulls(json_build_object(
                                          'title', f.title, 'notes', f.notes, 'detail', f.detail,
                                          'detailSections', f.detail_sections, 'starred', f.starred,
                                          'completedAt', to_char(f.completed_at, %s)))
                                        ORDER BY f.position, f.id)
                                 FROM idea_features f WHERE f.idea_id = i.id), '[]') AS features
                        FROM ideas i
                        WHERE i.id = :ideaId AND i.user_id = :userId AND i.deleted_at IS NULL""".formatted(ISO_INSTANT))
                .param("ideaId", ideaId)
                .param("userId", userId)
                .query((row, n) -> new IdeaExport(row.getString("idea"), row.getString("features")))
                .optional();
    }

    /** Rows of a page that fit the byte budget, and whether the page had more before the budget or limit cut it. */
    private record Kept<T>(List<T> items, boolean cut) {
    }

    /**
     * A row of a page, with the number of rows the page had before the budget cut it, and the idea after it in the
     * page's order (its id and version; null after the last), also when the budget cut the page before that idea.
     */
    private record Candidate<T>(T item, long candidates, UUID nextId, Instant nextUpdatedAt) {
    }

    /**
     * The rows of {@code page} in {@code order} up to and including the first whose notes and features pass the
     * byte budget together with the rows before it; each row also counts the page's rows as {@code candidates}.
     * Only the rows kept leave the database.
     */
    private static String withinBudget(String page, String order) {
        return """
                SELECT * FROM (
                  SELECT page.*, count(*) OVER () AS candidates,
                         lead(page.id) OVER (ORDER BY %2$s) AS next_id,
                         lead(page.updated_at) OVER (ORDER BY %2$s) AS next_updated_at,
                         coalesce(sum(octet_length(page.features::text) + coalesce(octet_length(page.notes), 0))
                                    OVER (ORDER BY %2$s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS bytes_before
                  FROM (%1$s) page) kept
                WHERE bytes_before < :maxPageBytes
                ORDER BY %2$s""".formatted(page, order);
    }

    private static <T> RowMapper<Candidate<T>> candidate(RowMapper<T> item) {
        return (row, n) -> new Candidate<>(item.mapRow(row, n), row.getLong("candidates"), row.getObject("next_id", UUID.class),
                instant(row, "next_updated_at"));
    }

    /** At most {@code limit} of the rows kept; cut when the page had any row more. */
    private static <T> Kept<T> keep(List<Candidate<T>> rows, int limit) {
        List<T> items = rows.stream().limit(limit).map(Candidate::item).toList();
        return new Kept<>(items, !rows.isEmpty() && rows.get(0).candidates() > items.size());
    }

    /** Every row of a page that no cursor resumes (a numbered page, a search), or a problem naming its size. */
    private <T> List<T> whole(List<Candidate<T>> rows, int size, String sizeParameter) {
        Kept<T> kept = keep(rows, size);
        if (kept.cut()) {
            throw new InvalidParameter(sizeParameter, "must be smaller: the notes and features of these ideas hold more than "
                    + maxPageBytes + " bytes together");
        }
        return kept.items();
    }

    private static IdeaView idea(ResultSet row, int rowNumber) throws SQLException {
        return new IdeaView(row.getObject("id", UUID.class), row.getString("title"), row.getString("notes"),
                row.getInt("position"), row.getBoolean("starred"), row.getBoolean("super_starred"),
                row.getString("github_url"), row.getString("link_label"),
                instant(row, "created_at"), instant(row, "updated_at"), row.getString("features"));
    }

}

package dev.coda.query.ideas;

import static dev.coda.query.projection.ReadModel.utc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coda.contracts.ideas.IdeaEvent;
import dev.coda.contracts.ideas.IdeaEvent.DetailSection;
import dev.coda.contracts.ideas.IdeaEvent.FeatureAdded;
import dev.coda.contracts.ideas.IdeaEvent.FeatureCompleted;
import dev.coda.contracts.ideas.IdeaEvent.FeatureEdited;
import dev.coda.contracts.ideas.IdeaEvent.FeatureMoved;
import dev.coda.contracts.ideas.IdeaEvent.FeatureRemoved;
import dev.coda.contracts.ideas.IdeaEvent.FeatureReopened;
import dev.coda.contracts.ideas.IdeaEvent.FeatureStarred;
import dev.coda.contracts.ideas.IdeaEvent.FeatureUnstarred;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.contracts.ideas.IdeaEvent.IdeaDeleted;
import dev.coda.contracts.ideas.IdeaEvent.IdeaEdited;
import dev.coda.contracts.ideas.IdeaEvent.IdeaLinkCleared;
import dev.coda.contracts.ideas.IdeaEvent.IdeaLinkSet;
import dev.coda.contracts.ideas.IdeaEvent.IdeaMoved;
import dev.coda.contracts.ideas.IdeaEvent.IdeaPurged;
import dev.coda.contracts.ideas.IdeaEvent.IdeaRestored;
import dev.coda.contracts.ideas.IdeaEvent.IdeaStarred;
import dev.coda.contracts.ideas.IdeaEvent.IdeaSuperStarRemoved;
import dev.coda.contracts.ideas.IdeaEvent.IdeaSuperStarred;
import dev.coda.contracts.ideas.IdeaEvent.IdeaUndoTokenReissued;
import dev.coda.contracts.ideas.IdeaEvent.IdeaUnstarred;
import dev.coda.query.projection.ReadModel;
import dev.coda.query.projection.ReadModelWrites;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Projects the events of a user's idea board into {@code ideas} and {@code idea_features}, one SQL statement
 * per event. Every event's instant becomes its idea's {@code updated_at} (the idea's version, its ETag);
 * ideas and features that only shift because another one moved, left or came back keep theirs.
 */
@Component
@ProcessingGroup(ReadModel.PROCESSOR)
class IdeaProjection {

    private static final OrderedList IDEAS = new OrderedList("ideas", ":ideaId", "user_id = :userId AND deleted_at IS NULL");
    private static final OrderedList FEATURES = new OrderedList("idea_features", ":featureId", "idea_id = :ideaId");
    private static final String TOUCH_IDEA = "UPDATE ideas SET updated_at = :at WHERE id = :ideaId";

    /** Sections as the seed's {@code DetailSection}: an absent {@code collapsed} stays absent. */
    private static final ObjectWriter SECTIONS = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build().writer();

    private final ReadModelWrites writes;

    IdeaProjection(ReadModelWrites writes) {
        this.writes = writes;
    }

    // ---- ideas -------------------------------------------------------------------------------------

    /** Idempotent: a redelivered creation changes nothing. */
    @EventHandler
    void on(IdeaCreated event) {
        run(event, """
                INSERT INTO ideas (id, user_id, title, notes, position, github_url, link_label, created_at, updated_at)
                VALUES (:ideaId, :userId, :title, :notes, :position, :githubUrl, :linkLabel, :at, :at)
                ON CONFLICT (id) DO NOTHING""")
                .param("title", event.title())
                .param("notes", event.notes())
                .param("position", event.position())
                .param("githubUrl", event.githubUrl())
                .param("linkLabel", event.linkLabel())
                .run();
    }

    @EventHandler
    void on(IdeaEdited event) {
        run(event, setIdea("title = :title, notes = :notes"))
                .param("title", event.title())
                .param("notes", event.notes())
                .run();
    }

    @EventHandler
    void on(IdeaStarred event) {
        run(event, setIdea("starred = true")).run();
    }

    @EventHandler
    void on(IdeaUnstarred event) {
        run(event, setIdea("starred = false")).run();
    }

    @EventHandler
    void on(IdeaSuperStarred event) {
        run(event, setIdea("super_starred = true")).run();
    }

    @EventHandler
    void on(IdeaSuperStarRemoved event) {
        run(event, setIdea("super_starred = false")).run();
    }

    @EventHandler
    void on(IdeaLinkSet event) {
        run(event, setIdea("github_url = :githubUrl, link_label = :linkLabel"))
                .param("githubUrl", event.githubUrl())
                .param("linkLabel", event.linkLabel())
                .run();
    }

    @EventHandler
    void on(IdeaLinkCleared event) {
        run(event, setIdea("github_url = NULL, link_label = NULL")).run();
    }

    @EventHandler
    void on(IdeaMoved event) {
        run(event, IDEAS.move())
                .param("from", event.fromPosition())
                .param("to", event.toPosition())
                .run();
    }

    /** The trashed idea keeps its old position, outside the list's 0..n-1; {@code undo_token} holds the hash. */
    @EventHandler
    void on(IdeaDeleted event) {
        run(event, setIdea("deleted_at = :at, undo_token = :undoTokenHash, undo_expires_at = :undoExpiresAt"),
                IDEAS.closeGap())
                .param("position", event.position())
                .param("undoTokenHash", event.undoTokenHash())
                .param("undoExpiresAt", utc(event.undoExpiresAt()))
                .run();
    }

    @EventHandler
    void on(IdeaUndoTokenReissued event) {
        run(event, setIdea("undo_token = :undoTokenHash"))
                .param("undoTokenHash", event.undoTokenHash())
                .run();
    }

    @EventHandler
    void on(IdeaRestored event) {
        run(event, IDEAS.openGap(),
                setIdea("position = :position, deleted_at = NULL, undo_token = NULL, undo_expires_at = NULL"))
                .param("position", event.position())
                .run();
    }

    /** Its features and dev jobs go with it (ON DELETE CASCADE). */
    @EventHandler
    void on(IdeaPurged event) {
        run(event, "DELETE FROM ideas WHERE id = :ideaId").run();
    }

    // ---- features ----------------------------------------------------------------------------------

    /** Idempotent: a redelivered addition changes nothing. */
    @EventHandler
    void on(FeatureAdded event) {
        run(event, """
                INSERT INTO idea_features (id, idea_id, title, notes, detail, detail_sections, position, starred,
                                           completed_at, created_at, updated_at)
                VALUES (:featureId, :ideaId, :title, :notes, :detail, CAST(:detailSections AS jsonb), :position,
                        :starred, :completedAt, :at, :at)
                ON CONFLICT (id) DO NOTHING""", TOUCH_IDEA)
                .param("featureId", event.featureId())
                .param("title", event.title())
                .param("notes", event.notes())
                .param("detail", event.detail())
                .param("detailSections", json(event.detailSections()))
                .param("position", event.position())
                .param("starred", event.starred())
                .param("completedAt", utc(event.completedAt()))
                .run();
    }

    @EventHandler
    void on(FeatureEdited event) {
        setFeature(event, event.featureId(),
                "title = :title, notes = :notes, detail = :detail, detail_sections = CAST(:detailSections AS jsonb)")
                .param("title", event.title())
                .param("notes", event.notes())
                .param("detail", event.detail())
                .param("detailSections", json(event.detailSections()))
                .run();
    }

    @EventHandler
    void on(FeatureStarred event) {
        setFeature(event, event.featureId(), "starred = true").run();
    }

    @EventHandler
    void on(FeatureUnstarred event) {
        setFeature(event, event.featureId(), "starred = false").run();
    }

    @EventHandler
    void on(FeatureCompleted event) {
        setFeature(event, event.featureId(), "completed_at = :at").run();
    }

    @EventHandler
    void on(FeatureReopened event) {
        setFeature(event, event.featureId(), "completed_at = NULL").run();
    }

    @EventHandler
    void on(FeatureMoved event) {
        run(event, FEATURES.move(), TOUCH_IDEA)
                .param("featureId", event.featureId())
                .param("from", event.fromPosition())
                .param("to", event.toPosition())
                .run();
    }

    @EventHandler
    void on(FeatureRemoved event) {
        run(event, "DELETE FROM idea_features WHERE id = :featureId", FEATURES.closeGap(), TOUCH_IDEA)
                .param("featureId", event.featureId())
                .param("position", event.position())
                .run();
    }

    // ---- statements --------------------------------------------------------------------------------

    /**
     * The statements as one: all but the last run as data-modifying {@code WITH} clauses, which PostgreSQL
     * executes on one snapshot, so they must touch different rows. Binds {@code :userId}, {@code :ideaId}
     * and {@code :at} (the event's instant, in UTC).
     */
    private ReadModelWrites.Write run(IdeaEvent event, String... statements) {
        int last = statements.length - 1;
        String changes = IntStream.range(0, last)
                .mapToObj(i -> "change" + i + " AS (" + statements[i] + ")")
                .collect(Collectors.joining(",\n"));
        return writes.sql(changes.isEmpty() ? statements[last] : "WITH " + changes + "\n" + statements[last])
                .param("userId", event.userId())
                .param("ideaId", event.ideaId())
                .param("at", utc(event.at()));
    }

    private static String setIdea(String assignments) {
        return "UPDATE ideas SET " + assignments + ", updated_at = :at WHERE id = :ideaId";
    }

    private ReadModelWrites.Write setFeature(IdeaEvent event, UUID featureId, String assignments) {
        return run(event, "UPDATE idea_features SET " + assignments + ", updated_at = :at WHERE id = :featureId",
                TOUCH_IDEA)
                .param("featureId", featureId);
    }

    private static String json(List<DetailSection> sections) {
        try {
            return sections == null ? null : SECTIONS.writeValueAsString(sections);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Detail sections that cannot be written as JSON", e);
        }
    }

    /**
     * The positions of one ordered list (a user's non-deleted ideas, an idea's features), kept a gap-free
     * 0..n-1 as items move, leave and come back. {@code item} is the parameter naming the item that moves.
     */
    private record OrderedList(String table, String item, String members) {

        /** The item goes from {@code :from} to {@code :to}; the items in between shift one toward {@code :from}. */
        String move() {
            return """
                    UPDATE %1$s SET position = CASE WHEN id = %2$s THEN :to
                                                    WHEN :from < :to THEN position - 1
                                                    ELSE position + 1 END,
                                    updated_at = CASE WHEN id = %2$s THEN :at ELSE updated_at END
                    WHERE %3$s AND position BETWEEN least(:from, :to) AND greatest(:from, :to)"""
                    .formatted(table, item, members);
        }

        /** The items after {@code :position} move up by one. */
        String closeGap() {
            return "UPDATE %s SET position = position - 1 WHERE %s AND position > :position".formatted(table, members);
        }

        /** The items at {@code :position} and after move down by one. */
        String openGap() {
            return "UPDATE %s SET position = position + 1 WHERE %s AND position >= :position".formatted(table, members);
        }
    }
}

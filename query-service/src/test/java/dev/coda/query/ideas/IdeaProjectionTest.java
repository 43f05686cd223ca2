package dev.coda.query.ideas;

import static dev.coda.query.projection.ReadModel.utc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
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
import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every idea and feature event becomes rows of {@code ideas} and {@code idea_features}, and a replay rebuilds them. */
class IdeaProjectionTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("idea_projection");
    private static final List<DetailSection> SECTIONS = List.of(
            new DetailSection("s1", "Why", "Because \"quotes\" and ümlauts survive", true),
            new DetailSection("s2", "How", "Step by step", null));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
    }

    @Test
    void aCreatedIdeaIsARowWhoseCreationInstantIsAlsoItsVersion() {
        Board board = board();
        UUID idea = UUID.randomUUID();
        Instant created = board.append(at -> new IdeaCreated(board.user(), idea, "Coda", "Keep ideas in order",
                "https://github.com/coda/coda", "repo", 0, "key-1", at));
        awaitProjection();

        Map<String, Object> row = idea(idea);
        assertThat(row).containsEntry("user_id", board.user()).containsEntry("title", "Coda")
                .containsEntry("notes", "Keep ideas in order").containsEntry("position", 0)
                .containsEntry("starred", false).containsEntry("super_starred", false)
                .containsEntry("github_url", "https://github.com/coda/coda").containsEntry("link_label", "repo")
                .containsEntry("deleted_at", null).containsEntry("undo_token", null)
                .containsEntry("created_at", stored(created)).containsEntry("updated_at", stored(created));
    }

    @Test
    void editsStarsAndLinksSetTheirColumnsAndMakeTheEventsInstantTheIdeasVersion() {
        Board board = board();
        String user = board.user();
        UUID idea = board.create("Draft", "first notes", 0);

        Instant edited = board.append(at -> new IdeaEdited(user, idea, "Final", "better notes", at));
        awaitProjection();
        assertThat(idea(idea)).containsEntry("title", "Final").containsEntry("notes", "better notes")
                .containsEntry("updated_at", stored(edited));

        board.append(at -> new IdeaStarred(user, idea, at));
        board.append(at -> new IdeaSuperStarred(user, idea, at));
        Instant linked = board.append(at -> new IdeaLinkSet(user, idea, "https://github.com/a/b", "code", at));
        awaitProjection();
        assertThat(idea(idea)).containsEntry("starred", true).containsEntry("super_starred", true)
                .containsEntry("github_url", "https://github.com/a/b").containsEntry("link_label", "code")
                .containsEntry("updated_at", stored(linked));

        board.append(at -> new IdeaUnstarred(user, idea, at));
        board.append(at -> new IdeaSuperStarRemoved(user, idea, at));
        Instant unlinked = board.append(at -> new IdeaLinkCleared(user, idea, at));
        awaitProjection();
        assertThat(idea(idea)).containsEntry("starred", false).containsEntry("super_starred", false)
                .containsEntry("github_url", null).containsEntry("link_label", null)
                .containsEntry("updated_at", stored(unlinked));
    }

    @Test
    void movingAnIdeaShiftsTheIdeasInBetweenTowardItsOldPlaceAndOnlyTheMovedOneChangesVersion() {
        Board board = board();
        List<UUID> ideas = IntStream.range(0, 5).mapToObj(i -> board.create("Idea " + i, null, i)).toList();
        UUID a = ideas.get(0), b = ideas.get(1), c = ideas.get(2), d = ideas.get(3), e = ideas.get(4);
        Object cVersion = versionOf(c);

        Instant movedDown = board.append(at -> new IdeaMoved(board.user(), b, 1, 3, at));
        awaitProjection();
        assertThat(order(board.user())).containsExactly(a, c, d, b, e);
        assertThat(idea(b)).containsEntry("updated_at", stored(movedDown));
        assertThat(idea(c)).containsEntry("updated_at", cVersion);

        board.append(at -> new IdeaMoved(board.user(), e, 4, 0, at));
        awaitProjection();
        assertThat(order(board.user())).containsExactly(e, a, c, d, b);
        assertThat(idea(c)).containsEntry("updated_at", cVersion);
    }

    @Test
    void deletingAnIdeaTrashesItWithTheUndoTokensHashAndClosesTheGap() {
        Board board = board();
        UUID a = board.create("A", null, 0);
        UUID b = board.create("B", null, 1);
        UUID c = board.create("C", null, 2);
        Object cVersion = versionOf(c);
        Instant expires = Instant.parse("2030-01-02T03:04:05.123456Z");

        Instant deleted = board.append(at -> new IdeaDeleted(board.user(), b, 1, "sha256-of-the-token", expires, at));
        awaitProjection();

        assertThat(order(board.user())).containsExactly(a, c);
        assertThat(idea(b)).containsEntry("deleted_at", stored(deleted)).containsEntry("updated_at", stored(deleted))
                .containsEntry("undo_token", "sha256-of-the-token").containsEntry("undo_expires_at", stored(expires));
        assertThat(idea(c)).containsEntry("updated_at", cVersion);
    }

    @Test
    void aReissuedUndoTokenReplacesTheHashAndKeepsTheWindow() {
        Board board = board();
        UUID a = board.create("A", null, 0);
        Instant expires = Instant.parse("2030-01-02T03:04:05.123456Z");
        Instant deleted = board.append(at -> new IdeaDeleted(board.user(), a, 0, "lost-hash", expires, at));

        Instant reissued = board.append(at -> new IdeaUndoTokenReissued(board.user(), a, "new-hash", at));
        awaitProjection();

        assertThat(idea(a)).containsEntry("undo_token", "new-hash").containsEntry("undo_expires_at", stored(expires))
                .containsEntry("deleted_at", stored(deleted)).containsEntry("updated_at", stored(reissued));
    }

    @Test
    void restoringAnIdeaPutsItBackAtItsPositionAndEmptiesItsTrashColumns() {
        Board board = board();
        UUID a = board.create("A", null, 0);
        UUID b = board.create("B", null, 1);
        UUID c = board.create("C", null, 2);
        board.append(at -> new IdeaDeleted(board.user(), b, 1, "hash", at.plusSeconds(60), at));
        UUID d = board.create("D", null, 2);

        Instant restored = board.append(at -> new IdeaRestored(board.user(), b, 1, at));
        awaitProjection();

        assertThat(order(board.user())).containsExactly(a, b, c, d);
        assertThat(idea(b)).containsEntry("deleted_at", null).containsEntry("undo_token", null)
                .containsEntry("undo_expires_at", null).containsEntry("updated_at", stored(restored));
    }

    @Test
    void purgingAnIdeaDeletesItWithItsFeaturesAndDevJobs() {
        Board board = board();
        UUID kept = board.create("Kept", null, 0);
        UUID purged = board.create("Purged", null, 1);
        board.addFeature(purged, "Goes too", 0);
        board.addFeature(kept, "Stays", 0);
        awaitProjection();
        jdbc.sql("INSERT INTO dev_jobs (idea_id, user_id, command) VALUES (:idea, :user, 'make')")
                .param("idea", purged).param("user", board.user()).update();

        board.append(at -> new IdeaDeleted(board.user(), purged, 1, "hash", at, at));
        board.append(at -> new IdeaPurged(board.user(), purged, at));
        awaitProjection();

        assertThat(count("SELECT count(*) FROM ideas WHERE id = :id", purged)).isZero();
        assertThat(count("SELECT count(*) FROM idea_features WHERE idea_id = :id", purged)).isZero();
        assertThat(count("SELECT count(*) FROM dev_jobs WHERE idea_id = :id", purged)).isZero();
        assertThat(count("SELECT count(*) FROM idea_features WHERE idea_id = :id", kept)).isOne();
        assertThat(order(board.user())).containsExactly(kept);
    }

    @Test
    void anAddedFeatureKeepsItsDetailSectionsAsJsonbAndItsInstantBecomesTheIdeasVersion() throws Exception {
        Board board = board();
        UUID idea = board.create("Idea", null, 0);
        UUID feature = UUID.randomUUID();
        Instant completed = Instant.parse("2026-01-02T03:04:05.678901Z");

        Instant added = board.append(at -> new FeatureAdded(board.user(), idea, feature, "Sections", "n", "d",
                SECTIONS, true, completed, 0, at));
        UUID plain = board.addFeature(idea, "Plain", 1);
        awaitProjection();

        Map<String, Object> row = feature(feature);
        assertThat(row).containsEntry("idea_id", idea).containsEntry("title", "Sections").containsEntry("notes", "n")
                .containsEntry("detail", "d").containsEntry("position", 0).containsEntry("starred", true)
                .containsEntry("completed_at", stored(completed))
                .containsEntry("created_at", stored(added)).containsEntry("updated_at", stored(added));
        assertThat(sections(feature)).isEqualTo(SECTIONS);
        assertThat(jdbc.sql("SELECT jsonb_exists(detail_sections -> 1, 'collapsed') FROM idea_features WHERE id = :id")
                .param("id", feature).query(Boolean.class).single()).as("an absent collapsed stays absent").isFalse();
        assertThat(feature(plain)).containsEntry("detail_sections", null).containsEntry("completed_at", null);
        assertThat(idea(idea)).containsEntry("updated_at", feature(plain).get("created_at"));
    }

    @Test
    void featureEditsStarsAndCompletionsChangeTheFeatureAndMakeTheirInstantBothVersions() throws Exception {
        Board board = board();
        String user = board.user();
        UUID idea = board.create("Idea", null, 0);
        UUID feature = board.addFeature(idea, "Draft", 0);

        Instant edited = board.append(at -> new FeatureEdited(user, idea, feature, "Final", "notes", "detail", SECTIONS, at));
        awaitProjection();
        assertThat(feature(feature)).containsEntry("title", "Final").containsEntry("notes", "notes")
                .containsEntry("detail", "detail").containsEntry("updated_at", stored(edited));
        assertThat(sections(feature)).isEqualTo(SECTIONS);
        assertThat(idea(idea)).containsEntry("updated_at", stored(edited));

        board.append(at -> new FeatureStarred(user, idea, feature, at));
        Instant completed = board.append(at -> new FeatureCompleted(user, idea, feature, at));
        awaitProjection();
        assertThat(feature(feature)).containsEntry("starred", true).containsEntry("completed_at", stored(completed))
                .containsEntry("updated_at", stored(completed));

        board.append(at -> new FeatureUnstarred(user, idea, feature, at));
        board.append(at -> new FeatureReopened(user, idea, feature, at));
        Instant cleared = board.append(at -> new FeatureEdited(user, idea, feature, "Final", null, null, null, at));
        awaitProjection();
        assertThat(feature(feature)).containsEntry("starred", false).containsEntry("completed_at", null)
                .containsEntry("detail_sections", null).containsEntry("notes", null)
                .containsEntry("updated_at", stored(cleared));
        assertThat(idea(idea)).containsEntry("updated_at", stored(cleared));
    }

    @Test
    void movingAndRemovingFeaturesKeepTheirPositionsGapFree() {
        Board board = board();
        String user = board.user();
        UUID idea = board.create("Idea", null, 0);
        List<UUID> features = IntStream.range(0, 4).mapToObj(i -> board.addFeature(idea, "F" + i, i)).toList();
        UUID f0 = features.get(0), f1 = features.get(1), f2 = features.get(2), f3 = features.get(3);
        awaitProjection();
        Object f1Version = feature(f1).get("updated_at");

        Instant moved = board.append(at -> new FeatureMoved(user, idea, f0, 0, 2, at));
        awaitProjection();
        assertThat(featureOrder(idea)).containsExactly(f1, f2, f0, f3);
        assertThat(feature(f0)).containsEntry("updated_at", stored(moved));
        assertThat(feature(f1)).containsEntry("updated_at", f1Version);
        assertThat(idea(idea)).containsEntry("updated_at", stored(moved));

        Instant removed = board.append(at -> new FeatureRemoved(user, idea, f2, 1, at));
        awaitProjection();
        assertThat(featureOrder(idea)).containsExactly(f1, f0, f3);
        assertThat(feature(f1)).containsEntry("updated_at", f1Version);
        assertThat(idea(idea)).containsEntry("updated_at", stored(removed));
    }

    @Test
    void aRebuildProducesIdenticalUsersIdeasAndFeaturesAndSoChangesNoRow() throws Exception {
        appendEveryKindOfEvent(board());
        awaitProjection();
        List<Map<String, Object>> users = rows("SELECT * FROM users ORDER BY id");
        List<Map<String, Object>> ideas = rows("SELECT * FROM ideas ORDER BY id");
        List<Map<String, Object>> features = rows("SELECT * FROM idea_features ORDER BY id");

        startRebuild();

        assertThat(awaitRebuilt().get("changedRows").isEmpty()).as("rows changed by the rebuild").isTrue();
        assertThat(rows("SELECT * FROM users ORDER BY id")).isEqualTo(users);
        assertThat(rows("SELECT * FROM ideas ORDER BY id")).isEqualTo(ideas);
        assertThat(rows("SELECT * FROM idea_features ORDER BY id")).isEqualTo(features);
    }

    private void appendEveryKindOfEvent(Board board) {
        String user = board.user();
        UUID a = board.create("A", "notes", 0);
        UUID b = board.create("B", null, 1);
        UUID c = board.create("C", null, 2);
        UUID gone = board.create("Gone", null, 3);
        board.append(at -> new IdeaEdited(user, a, "A2", "more notes", at));
        board.append(at -> new IdeaStarred(user, a, at));
        board.append(at -> new IdeaSuperStarred(user, b, at));
        board.append(at -> new IdeaLinkSet(user, c, "https://github.com/c/c", null, at));
        board.append(at -> new IdeaMoved(user, c, 2, 0, at));
        UUID f0 = UUID.randomUUID();
        board.append(at -> new FeatureAdded(user, a, f0, "F0", null, null, SECTIONS, false, null, 0, at));
        UUID f1 = board.addFeature(a, "F1", 1);
        UUID f2 = board.addFeature(a, "F2", 2);
        board.append(at -> new FeatureEdited(user, a, f1, "F1b", "n", "d", null, at));
        board.append(at -> new FeatureStarred(user, a, f1, at));
        board.append(at -> new FeatureCompleted(user, a, f2, at));
        board.append(at -> new FeatureMoved(user, a, f2, 2, 0, at));
        board.append(at -> new FeatureRemoved(user, a, f0, 1, at));
        board.append(at -> new IdeaDeleted(user, b, 2, "hash", at.plusSeconds(3600), at));
        board.append(at -> new IdeaRestored(user, b, 0, at));
        board.append(at -> new IdeaDeleted(user, gone, 3, "hash", at, at));
        board.append(at -> new IdeaPurged(user, gone, at));
        board.append(at -> new IdeaDeleted(user, a, 2, "hash", at.plusSeconds(3600), at));
    }

    private Board board() {
        return new Board(registerUser(), eventStore);
    }

    /** The user's non-deleted ideas in order, whose positions must be exactly 0..n-1. */
    private List<UUID> order(String user) {
        return gapFree(jdbc.sql("SELECT id, position FROM ideas WHERE user_id = :user AND deleted_at IS NULL ORDER BY position")
                .param("user", user).query().listOfRows());
    }

    /** The idea's features in order, whose positions must be exactly 0..n-1. */
    private List<UUID> featureOrder(UUID idea) {
        return gapFree(jdbc.sql("SELECT id, position FROM idea_features WHERE idea_id = :idea ORDER BY position")
                .param("idea", idea).query().listOfRows());
    }

    private static List<UUID> gapFree(List<Map<String, Object>> rows) {
        assertThat(rows).extracting(row -> row.get("position")).containsExactlyElementsOf(
                IntStream.range(0, rows.size()).boxed().toList());
        return rows.stream().map(row -> (UUID) row.get("id")).toList();
    }

    private Map<String, Object> idea(UUID id) {
        return jdbc.sql("SELECT * FROM ideas WHERE id = :id").param("id", id).query().singleRow();
    }

    private Object versionOf(UUID idea) {
        awaitProjection();
        return idea(idea).get("updated_at");
    }

    private Map<String, Object> feature(UUID id) {
        return jdbc.sql("SELECT * FROM idea_features WHERE id = :id").param("id", id).query().singleRow();
    }

    private List<DetailSection> sections(UUID feature) throws Exception {
        String stored = jdbc.sql("SELECT detail_sections::text FROM idea_features WHERE id = :id")
                .param("id", feature).query(String.class).single();
        return json.readValue(stored, new TypeReference<>() { });
    }

    private long count(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single();
    }

    private List<Map<String, Object>> rows(String sql) {
        return jdbc.sql(sql).query().listOfRows();
    }

    /** How an instant reads back from a {@code timestamp without time zone} column holding UTC. */
    private static Timestamp stored(Instant instant) {
        return Timestamp.valueOf(utc(instant));
    }
}

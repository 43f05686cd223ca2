package dev.coda.query.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.contracts.ideas.IdeaEvent.DetailSection;
import dev.coda.contracts.ideas.IdeaEvent.FeatureAdded;
import dev.coda.contracts.ideas.IdeaEvent.FeatureCompleted;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.contracts.ideas.IdeaEvent.IdeaDeleted;
import dev.coda.contracts.ideas.IdeaEvent.IdeaLinkSet;
import dev.coda.contracts.ideas.IdeaEvent.IdeaMoved;
import dev.coda.contracts.ideas.IdeaEvent.IdeaStarred;
import dev.coda.contracts.ideas.IdeaEvent.IdeaSuperStarred;
import dev.coda.platform.http.EntityTags;
import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.ListeningSockets;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The idea queries over HTTP, as a client calls them: shapes, order, paging, filters, search, errors. */
class IdeaQueryApiTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("idea_queries");

    /** What the notes and features of one answer's ideas may hold: two of {@link #heavyIdea} fit, three do not. */
    private static final String MAX_PAGE_BYTES = "64KB";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
        registry.add("coda.ideas.max-page-bytes", () -> MAX_PAGE_BYTES);
    }

    @Test
    void theServiceListensOnLoopbackOnly() {
        // the local profile's JWT secret and master key are published: reachable from elsewhere, anyone could sign
        assertThat(ListeningSockets.addressesOf(port)).containsExactly("127.0.0.1");
    }

    @Test
    void theListShowsIdeasInOrderWithTheirFeaturesAndVersions() throws Exception {
        Board board = board();
        UUID first = board.create("First", "notes", 0);
        UUID second = board.create("Second", null, 1);
        Instant linked = board.append(at -> new IdeaLinkSet(board.user(), first, "https://github.com/a/b", "repo", at));
        UUID feature = UUID.randomUUID();
        Instant added = board.append(at -> new FeatureAdded(board.user(), first, feature, "Feature", "fn", "fd",
                List.of(new DetailSection("s1", "Why", "Because", true)), true, null, 0, at));

        JsonNode page = getJson("/api/ideas", board.user());

        assertThat(page.get("nextCursor").isNull()).isTrue();
        assertThat(ids(page)).containsExactly(first, second);
        JsonNode idea = page.get("items").get(0);
        assertThat(idea.get("title").asText()).isEqualTo("First");
        assertThat(idea.get("notes").asText()).isEqualTo("notes");
        assertThat(idea.get("position").asInt()).isZero();
        assertThat(idea.get("starred").asBoolean()).isFalse();
        assertThat(idea.get("superStarred").asBoolean()).isFalse();
        assertThat(idea.get("githubUrl").asText()).isEqualTo("https://github.com/a/b");
        assertThat(idea.get("linkLabel").asText()).isEqualTo("repo");
        assertThat(Instant.parse(idea.get("createdAt").asText())).isBefore(linked);
        assertThat(Instant.parse(idea.get("updatedAt").asText())).isEqualTo(added);
        assertThat(idea.get("version").asText()).isEqualTo(micros(added));
        assertThat(idea.has("undoToken")).isFalse();
        JsonNode features = idea.get("features");
        assertThat(features).hasSize(1);
        assertThat(features.get(0).get("id").asText()).isEqualTo(feature.toString());
        assertThat(features.get(0).get("title").asText()).isEqualTo("Feature");
        assertThat(features.get(0).get("notes").asText()).isEqualTo("fn");
        assertThat(features.get(0).get("detail").asText()).isEqualTo("fd");
        assertThat(features.get(0).get("detailSections")).isEqualTo(json.readTree(
                "[{\"id\":\"s1\",\"title\":\"Why\",\"content\":\"Because\",\"collapsed\":true}]"));
        assertThat(features.get(0).get("position").asInt()).isZero();
        assertThat(features.get(0).get("starred").asBoolean()).isTrue();
        assertThat(features.get(0).get("completedAt").isNull()).isTrue();
        assertThat(Instant.parse(features.get(0).get("createdAt").asText())).isEqualTo(added);
        assertThat(Instant.parse(features.get(0).get("updatedAt").asText())).isEqualTo(added);
        assertThat(page.get("items").get(1).get("features")).isEmpty();
    }

    @Test
    void keysetPagesWalkEveryIdeaExactlyOnceInOrder() throws Exception {
        Board board = board();
        List<UUID> created = IntStream.range(0, 25).mapToObj(i -> board.create("Idea " + i, null, i)).toList();

        assertThat(walk("/api/ideas?limit=7", board.user())).containsExactly(created.subList(0, 7), created.subList(7, 14),
                created.subList(14, 21), created.subList(21, 25));
    }

    /** The first idea, before the cursor, or the cursor's own idea, the last of the first page. */
    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void anIdeaDeletedUpToTheCursorMakesTheNextPageSkipNone(int deleted) throws Exception {
        Board board = board();
        List<UUID> created = ideasWithIdsAgainstTheirPositions(board, 6);
        JsonNode first = getJson("/api/ideas?limit=3", board.user());

        board.append(at -> new IdeaDeleted(board.user(), created.get(deleted), deleted, "hash", at.plusSeconds(60), at));
        JsonNode next = getJson("/api/ideas?limit=3&cursor=" + first.get("nextCursor").asText(), board.user());

        assertThat(ids(first)).containsExactlyElementsOf(created.subList(0, 3));
        assertThat(ids(next)).containsExactlyElementsOf(created.subList(3, 6));
    }

    /** The cursor's idea moved itself after the first page: to the start, or to the end. */
    @ParameterizedTest
    @ValueSource(ints = {0, 5})
    void anIdeaMovedFromTheCursorMakesTheNextPageSkipNone(int movedTo) throws Exception {
        Board board = board();
        List<UUID> created = IntStream.range(0, 6).mapToObj(k -> board.create("Idea " + k, null, k)).toList();
        JsonNode first = getJson("/api/ideas?limit=3", board.user());

        board.append(at -> new IdeaMoved(board.user(), created.get(2), 2, movedTo, at));
        List<List<UUID>> rest = walk("/api/ideas?limit=3", board.user(), first.get("nextCursor").asText());

        assertThat(ids(first)).containsExactlyElementsOf(created.subList(0, 3));
        assertThat(rest).containsExactlyElementsOf(movedTo == 0
                ? List.of(List.of(created.get(0), created.get(1), created.get(3)), created.subList(4, 6)) // those it passed, again
                : List.of(created.subList(3, 6), List.of(created.get(2)))); // the moved idea, at its new place
    }

    @Test
    void anIdeaChangedAtTheCursorAfterIdeasBeforeItWentMakesTheNextPageSkipNone() throws Exception {
        Board board = board();
        List<UUID> created = IntStream.range(0, 6).mapToObj(k -> board.create("Idea " + k, null, k)).toList();
        JsonNode first = getJson("/api/ideas?limit=3", board.user());

        board.append(at -> new IdeaDeleted(board.user(), created.get(0), 0, "hash", at.plusSeconds(60), at));
        board.append(at -> new IdeaDeleted(board.user(), created.get(1), 0, "hash", at.plusSeconds(60), at));
        board.append(at -> new IdeaStarred(board.user(), created.get(2), at)); // a new version, two places ahead
        List<List<UUID>> rest = walk("/api/ideas?limit=3", board.user(), first.get("nextCursor").asText());

        assertThat(rest).containsExactly(created.subList(3, 6));
    }

    /** The cursor's idea went, and one before it: the page starts at the idea the last one was cut before. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theCursorsIdeaAndOneBeforeItGoneMakeTheNextPageSkipNone(boolean cursorsIdeaMovedToTheEnd) throws Exception {
        Board board = board();
        List<UUID> created = ideasWithIdsAgainstTheirPositions(board, 6);
        JsonNode first = getJson("/api/ideas?limit=3", board.user());

        board.append(at -> new IdeaDeleted(board.user(), created.get(0), 0, "hash", at.plusSeconds(60), at));
        board.append(at -> cursorsIdeaMovedToTheEnd ? new IdeaMoved(board.user(), created.get(2), 1, 4, at)
                : new IdeaDeleted(board.user(), created.get(2), 1, "hash", at.plusSeconds(60), at));
        List<List<UUID>> rest = walk("/api/ideas?limit=3", board.user(), first.get("nextCursor").asText());

        assertThat(rest).containsExactlyElementsOf(cursorsIdeaMovedToTheEnd
                ? List.of(List.of(created.get(3), created.get(4), created.get(5)), List.of(created.get(2)))
                : List.of(created.subList(3, 6)));
    }

    @Test
    void featureCountPagesSkipNoneWhenTheCursorsIdeaAndOneBeforeItGo() throws Exception {
        Board board = board();
        List<UUID> created = ideasWithIdsAgainstTheirPositions(board, 6);
        JsonNode first = getJson("/api/ideas/counts?limit=3", board.user());

        board.append(at -> new IdeaDeleted(board.user(), created.get(0), 0, "hash", at.plusSeconds(60), at));
        board.append(at -> new IdeaDeleted(board.user(), created.get(2), 1, "hash", at.plusSeconds(60), at));
        JsonNode next = getJson("/api/ideas/counts?limit=3&cursor=" + first.get("nextCursor").asText(), board.user());

        assertThat(next.get("items").findValuesAsText("id")).containsExactlyElementsOf(
                created.subList(3, 6).stream().map(UUID::toString).toList());
    }

    /**
     * Ideas whose ids sort against their positions: the next idea, once renumbered onto the cursor's old position,
     * sorts before the cursor's id.
     */
    private static List<UUID> ideasWithIdsAgainstTheirPositions(Board board, int count) {
        long shared = ThreadLocalRandom.current().nextLong(); // ids are unique across users: one prefix per board
        List<UUID> created = IntStream.range(0, count).mapToObj(k -> new UUID(shared, 100 - k)).toList();
        for (int k = 0; k < count; k++) {
            UUID idea = created.get(k);
            int position = k;
            board.append(at -> new IdeaCreated(board.user(), idea, "Idea " + position, null, null, null, position, null, at));
        }
        return created;
    }

    @Test
    void theStarredAndSuperStarredFiltersNarrowTheList() throws Exception {
        Board board = board();
        UUID starred = board.create("Starred", null, 0);
        UUID superStarred = board.create("Super-starred", null, 1);
        UUID both = board.create("Both", null, 2);
        board.create("Neither", null, 3);
        board.append(at -> new IdeaStarred(board.user(), starred, at));
        board.append(at -> new IdeaSuperStarred(board.user(), superStarred, at));
        board.append(at -> new IdeaStarred(board.user(), both, at));
        board.append(at -> new IdeaSuperStarred(board.user(), both, at));

        assertThat(ids(getJson("/api/ideas?starred=true", board.user()))).containsExactly(starred, both);
        assertThat(ids(getJson("/api/ideas?superStarred=true", board.user()))).containsExactly(superStarred, both);
        assertThat(ids(getJson("/api/ideas?starred=true&superStarred=true", board.user()))).containsExactly(both);
        assertThat(ids(getJson("/api/ideas?starred=false", board.user()))).hasSize(4);
    }

    @Test
    void offsetPagesCarryTheTotalAndTheNumberOfPages() throws Exception {
        Board board = board();
        List<UUID> created = IntStream.range(0, 25).mapToObj(i -> board.create("Idea " + i, null, i)).toList();

        JsonNode third = getJson("/api/ideas/page?page=3&pageSize=10", board.user());
        assertThat(ids(third)).containsExactlyElementsOf(created.subList(20, 25));
        assertThat(third.get("total").isNumber()).isTrue();
        assertThat(third.get("total").asLong()).isEqualTo(25);
        assertThat(third.get("page").asInt()).isEqualTo(3);
        assertThat(third.get("pageSize").asInt()).isEqualTo(10);
        assertThat(third.get("totalPages").isNumber()).isTrue();
        assertThat(third.get("totalPages").asLong()).isEqualTo(3);

        JsonNode beyond = getJson("/api/ideas/page?page=4&pageSize=10", board.user());
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(25);

        JsonNode byDefault = getJson("/api/ideas/page", board.user());
        assertThat(ids(byDefault)).containsExactlyElementsOf(created.subList(0, 20));
        assertThat(byDefault.get("pageSize").asInt()).isEqualTo(20);
        assertThat(byDefault.get("totalPages").asLong()).isEqualTo(2);
    }

    @Test
    void theTrashHoldsRestorableDeletedIdeasLatestDeletionFirstWithoutTheirUndoToken() throws Exception {
        Board board = board();
        UUID kept = board.create("Kept", null, 0);
        UUID first = board.create("Deleted first", null, 1);
        UUID second = board.create("Deleted second", null, 2);
        UUID expired = board.create("Expired", null, 3);
        Instant deletedFirst = board.append(at -> new IdeaDeleted(board.user(), first, 1, "hash-one", at.plusSeconds(3600), at));
        board.append(at -> new IdeaDeleted(board.user(), second, 1, "hash-two", at.plusSeconds(3600), at));
        board.append(at -> new IdeaDeleted(board.user(), expired, 1, "hash-three", Instant.now().minusSeconds(1), at));

        HttpResponse<String> response = get("/api/ideas/trash", board.user());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode trash = json.readTree(response.body());
        assertThat(ids(trash)).containsExactly(second, first);
        JsonNode item = trash.get("items").get(1);
        assertThat(item.get("title").asText()).isEqualTo("Deleted first");
        assertThat(Instant.parse(item.get("deletedAt").asText())).isEqualTo(deletedFirst);
        assertThat(Instant.parse(item.get("undoExpiresAt").asText())).isEqualTo(deletedFirst.plusSeconds(3600));
        assertThat(item.get("version").asText()).isEqualTo(micros(deletedFirst));
        assertThat(response.body()).doesNotContain("hash-one", "hash-two", "undoToken", "undo_token");
        assertThat(ids(getJson("/api/ideas", board.user()))).containsExactly(kept);
    }

    @Test
    void theTrashComesAKeysetPageAtATime() throws Exception {
        Board board = board();
        List<UUID> created = IntStream.range(0, 5).mapToObj(k -> board.create("Idea " + k, null, k)).toList();
        for (UUID idea : created) {
            board.append(at -> new IdeaDeleted(board.user(), idea, 0, "hash", at.plusSeconds(3600), at));
        }

        JsonNode first = getJson("/api/ideas/trash?limit=2", board.user());
        JsonNode second = getJson("/api/ideas/trash?limit=2&cursor=" + first.get("nextCursor").asText(), board.user());
        JsonNode last = getJson("/api/ideas/trash?limit=2&cursor=" + second.get("nextCursor").asText(), board.user());

        assertThat(ids(first)).containsExactly(created.get(4), created.get(3));
        assertThat(ids(second)).containsExactly(created.get(2), created.get(1));
        assertThat(ids(last)).containsExactly(created.get(0));
        assertThat(last.get("nextCursor").isNull()).isTrue();
        assertThat(get("/api/ideas/trash?cursor=nope", board.user()).statusCode()).isEqualTo(400);
        assertThat(get("/api/ideas/trash?limit=201", board.user()).statusCode()).isEqualTo(400);
    }

    @Test
    void keysetPagesStopAtTheByteBudgetAndTheirCursorsWalkTheRest() throws Exception {
        Board board = board();
        List<UUID> created = IntStream.range(0, 7).mapToObj(k -> heavyIdea(board, "Idea " + k, k, 1)).toList();

        assertThat(walk("/api/ideas?limit=50", board.user())).containsExactly(created.subList(0, 3),
                created.subList(3, 6), created.subList(6, 7));

        for (UUID idea : created) {
            board.append(at -> new IdeaDeleted(board.user(), idea, 0, "hash", at.plusSeconds(3600), at));
        }
        assertThat(walk("/api/ideas/trash?limit=50", board.user())).containsExactly(
                List.of(created.get(6), created.get(5), created.get(4)),
                List.of(created.get(3), created.get(2), created.get(1)), List.of(created.get(0)));
    }

    @Test
    void aPageCutByTheByteBudgetAlsoMarksTheIdeaAfterIt() throws Exception {
        Board board = board();
        List<UUID> created = IntStream.range(0, 7).mapToObj(k -> heavyIdea(board, "Idea " + k, k, 1)).toList();
        JsonNode first = getJson("/api/ideas?limit=50", board.user());

        board.append(at -> new IdeaDeleted(board.user(), created.get(0), 0, "hash", at.plusSeconds(60), at));
        board.append(at -> new IdeaDeleted(board.user(), created.get(2), 1, "hash", at.plusSeconds(60), at));
        List<List<UUID>> rest = walk("/api/ideas?limit=50", board.user(), first.get("nextCursor").asText());

        assertThat(ids(first)).containsExactlyElementsOf(created.subList(0, 3));
        assertThat(rest).containsExactly(created.subList(3, 6), created.subList(6, 7));
    }

    @Test
    void aCursorAtTheLastPositionThereCouldBeIsAnsweredWithNothingAfterIt() throws Exception {
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString((Integer.MAX_VALUE + ":" + UUID.randomUUID())
                .getBytes(StandardCharsets.UTF_8));

        for (String path : List.of("/api/ideas?cursor=", "/api/ideas/counts?cursor=")) {
            JsonNode page = getJson(path + cursor, registerUser());
            assertThat(page.get("items")).as(path).isEmpty();
        }
    }

    @Test
    void aNumberedPageOrSearchPastTheByteBudgetAsksForFewerAndOneIdeaAlwaysFits() throws Exception {
        Board board = board();
        UUID heaviest = heavyIdea(board, "Heaviest", 0, 3);
        List<UUID> rockets = IntStream.range(1, 5).mapToObj(k -> heavyIdea(board, "Rocket " + k, k, 1)).toList();

        assertThat(ids(getJson("/api/ideas/page?pageSize=1", board.user()))).containsExactly(heaviest);
        assertThat(ids(getJson("/api/ideas/page?page=2&pageSize=2", board.user()))).containsExactlyElementsOf(rockets.subList(1, 3));
        assertThat(ids(getJson("/api/ideas?limit=50", board.user()))).containsExactly(heaviest);
        assertThat(ids(getJson("/api/ideas/search?q=rocket&limit=3", board.user()))).containsExactlyElementsOf(rockets.subList(0, 3));
        for (String tooMany : List.of("/api/ideas/page?pageSize=2", "/api/ideas/search?q=rocket&limit=4")) {
            HttpResponse<String> response = get(tooMany, board.user());

            assertThat(response.statusCode()).as(tooMany).isEqualTo(400);
            JsonNode error = json.readTree(response.body()).get("errors").get(0);
            assertThat(error.get("field").asText()).as(tooMany).isEqualTo(tooMany.contains("page") ? "pageSize" : "limit");
            assertThat(error.get("message").asText()).as(tooMany).contains("65536 bytes");
        }
    }

    /** An idea with the longest notes and {@code features} features of the longest detail: about 30 kB each. */
    private static UUID heavyIdea(Board board, String title, int position, int features) {
        UUID idea = board.create(title, "n".repeat(10_000), position);
        for (int k = 0; k < features; k++) {
            int featurePosition = k;
            board.append(at -> new FeatureAdded(board.user(), idea, UUID.randomUUID(), "Feature", null, "d".repeat(20_000),
                    null, false, null, featurePosition, at));
        }
        return idea;
    }

    /** The ids of each keyset page, from the first to the last. */
    private List<List<UUID>> walk(String path, String user) throws Exception {
        return walk(path, user, null);
    }

    /** The ids of each keyset page from {@code cursor} on (from the first, when null) to the last. */
    private List<List<UUID>> walk(String path, String user, String cursor) throws Exception {
        List<List<UUID>> pages = new ArrayList<>();
        do {
            JsonNode page = getJson(path + (cursor == null ? "" : "&cursor=" + cursor), user);
            pages.add(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return pages;
    }

    @Test
    void deletedIdeasAreInNoListCountOrSearch() throws Exception {
        Board board = board();
        UUID kept = board.create("Rocket fuel", null, 0);
        UUID deleted = board.create("Rocket ship", null, 1);
        board.append(at -> new IdeaDeleted(board.user(), deleted, 1, "hash", at.plusSeconds(3600), at));

        assertThat(ids(getJson("/api/ideas", board.user()))).containsExactly(kept);
        assertThat(ids(getJson("/api/ideas/page", board.user()))).containsExactly(kept);
        assertThat(getJson("/api/ideas/page", board.user()).get("total").asLong()).isOne();
        assertThat(ids(getJson("/api/ideas/counts", board.user()))).containsExactly(kept);
        assertThat(ids(getJson("/api/ideas/search?q=rocket", board.user()))).containsExactly(kept);
        assertThat(get("/api/ideas/" + deleted, board.user()).statusCode()).isEqualTo(404);
        assertThat(get("/api/ideas/" + deleted + "/export", board.user()).statusCode()).isEqualTo(404);
    }

    @Test
    void countsAreNumbersOfFeaturesAndOfCompletedFeaturesPerIdeaInOrder() throws Exception {
        Board board = board();
        String user = board.user();
        UUID busy = board.create("Busy", null, 0);
        UUID empty = board.create("Empty", null, 1);
        board.append(at -> new FeatureAdded(user, busy, UUID.randomUUID(), "Done on import", null, null, null,
                false, Instant.parse("2025-01-01T00:00:00Z"), 0, at));
        UUID later = board.addFeature(busy, "Done later", 1);
        board.addFeature(busy, "Open", 2);
        board.append(at -> new FeatureCompleted(user, busy, later, at));

        JsonNode counts = getJson("/api/ideas/counts", user).get("items");

        assertThat(counts).hasSize(2);
        assertThat(counts.get(0).get("id").asText()).isEqualTo(busy.toString());
        assertThat(counts.get(0).get("title").asText()).isEqualTo("Busy");
        assertThat(counts.get(0).get("featureCount").isNumber()).isTrue();
        assertThat(counts.get(0).get("featureCount").asInt()).isEqualTo(3);
        assertThat(counts.get(0).get("completedCount").isNumber()).isTrue();
        assertThat(counts.get(0).get("completedCount").asInt()).isEqualTo(2);
        assertThat(counts.get(1).get("id").asText()).isEqualTo(empty.toString());
        assertThat(counts.get(1).get("featureCount").asInt()).isZero();
        assertThat(counts.get(1).get("completedCount").asInt()).isZero();
    }

    @Test
    void countsComeAKeysetPageAtATime() throws Exception {
        Board board = board();
        UUID first = board.create("First", null, 0);
        UUID second = board.create("Second", null, 1);
        UUID third = board.create("Third", null, 2);

        JsonNode page = getJson("/api/ideas/counts?limit=2", board.user());
        JsonNode last = getJson("/api/ideas/counts?limit=2&cursor=" + page.get("nextCursor").asText(), board.user());

        assertThat(ids(page)).containsExactly(first, second);
        assertThat(ids(last)).containsExactly(third);
        assertThat(last.get("nextCursor").isNull()).isTrue();
        assertThat(getJson("/api/ideas/counts", board.user()).get("nextCursor").isNull()).as("1,000 by default").isTrue();
        for (String limit : List.of("0", "5001")) {
            assertThat(get("/api/ideas/counts?limit=" + limit, board.user()).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void searchRanksATitleMatchAboveANotesMatch() throws Exception {
        Board board = board();
        UUID inNotes = board.create("Shopping list", "parts for the telescope mount", 0);
        UUID inTitle = board.create("Telescope mount", "for the balcony", 1);
        board.create("Bread", "sourdough starter", 2);

        JsonNode hits = getJson("/api/ideas/search?q=telescopes", board.user()).get("items");

        assertThat(ids(hits)).containsExactly(inTitle, inNotes);
        assertThat(hits.get(0).get("rank").isNumber()).isTrue();
        assertThat(hits.get(0).get("rank").asDouble()).isGreaterThan(hits.get(1).get("rank").asDouble());
        assertThat(hits.get(0).get("title").asText()).isEqualTo("Telescope mount");
    }

    @Test
    void hostileSearchStringsAreJustText() throws Exception {
        Board board = board();
        UUID idea = board.create("Rocket fuel", "O'Brien's recipe", 0);

        for (String hostile : List.of("'", "\"", "\\", "&", "|", "!", ":*", "()", "a & b | !c", "fuel:* & !(x)",
                "'); DROP TABLE ideas; --", "' OR '1'='1", "%_", "<script>alert(1)</script>", "\u00e9\u6f22\u5b57 \uD83D\uDE80")) {
            HttpResponse<String> response = get("/api/ideas/search?q=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8),
                    board.user());

            assertThat(response.statusCode()).as(hostile).isEqualTo(200);
            assertThat(json.readTree(response.body()).get("items").isArray()).as(hostile).isTrue();
        }
        assertThat(ids(getJson("/api/ideas/search?q=" + URLEncoder.encode("rocket's & (fuel)!", StandardCharsets.UTF_8),
                board.user()))).containsExactly(idea);
        assertThat(ids(getJson("/api/ideas", board.user()))).containsExactly(idea);
    }

    @Test
    void anIdeaComesWithItsVersionAsAStrongETag() throws Exception {
        Board board = board();
        UUID idea = board.create("Versioned", null, 0);
        Instant starred = board.append(at -> new IdeaStarred(board.user(), idea, at));

        HttpResponse<String> response = get("/api/ideas/" + idea, board.user());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).contains(EntityTags.of(starred)).contains("\"" + micros(starred) + "\"");
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("id").asText()).isEqualTo(idea.toString());
        assertThat(body.get("starred").asBoolean()).isTrue();
        assertThat(body.get("version").asText()).isEqualTo(micros(starred));
        assertThat(body.get("features").isArray()).isTrue();
    }

    @Test
    void anExportIsTheSeedsImportDocumentWithoutAbsentValues() throws Exception {
        Board board = board();
        String user = board.user();
        UUID idea = board.create("Exported", null, 0);
        board.append(at -> new IdeaStarred(user, idea, at));
        board.append(at -> new IdeaLinkSet(user, idea, "https://github.com/e/x", null, at));
        Instant completed = Instant.parse("2026-03-04T05:06:07.123456Z");
        board.append(at -> new FeatureAdded(user, idea, UUID.randomUUID(), "Full", "notes", "detail",
                List.of(new DetailSection("s1", "Why", "Because", true), new DetailSection("s2", "How", "So", null)),
                true, completed, 0, at));
        board.addFeature(idea, "Minimal", 1);

        JsonNode export = getJson("/api/ideas/" + idea + "/export", user);

        assertThat(export).isEqualTo(json.readTree("""
                {"idea": {"title": "Exported", "starred": true, "superStarred": false, "githubUrl": "https://github.com/e/x"},
                 "features": [
                   {"title": "Full", "notes": "notes", "detail": "detail",
                    "detailSections": [{"id": "s1", "title": "Why", "content": "Because", "collapsed": true},
                                       {"id": "s2", "title": "How", "content": "So"}],
                    "starred": true, "completedAt": "%s"},
                   {"title": "Minimal", "starred": false}]}""".formatted(
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC).format(completed))));
    }

    @Test
    void anotherUsersIdeaIsNotFoundNeverForbidden() throws Exception {
        Board owner = board();
        UUID idea = owner.create("Mine", null, 0);
        String stranger = registerUser();

        for (String path : List.of("/api/ideas/" + idea, "/api/ideas/" + idea + "/export",
                "/api/ideas/" + UUID.randomUUID(), "/api/ideas/" + UUID.randomUUID() + "/export")) {
            HttpResponse<String> response = get(path, stranger);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json.readTree(response.body()).get("type").asText()).isEqualTo("https://coda.dev/problems/not-found");
        }
        assertThat(get("/api/ideas/" + idea, owner.user()).statusCode()).isEqualTo(200);
    }

    @Test
    void badPagingAndSearchParametersAreValidationProblemsNamingTheParameter() throws Exception {
        String user = registerUser();
        String foreignCursor = Base64.getUrlEncoder().encodeToString("first:page".getBytes(StandardCharsets.UTF_8));
        String beforeTheStart = Base64.getUrlEncoder().encodeToString((Integer.MIN_VALUE + ":" + UUID.randomUUID())
                .getBytes(StandardCharsets.UTF_8));
        String changedBefore1970 = Base64.getUrlEncoder().encodeToString(("3:" + UUID.randomUUID() + ":" + Long.MIN_VALUE)
                .getBytes(StandardCharsets.UTF_8));
        String withoutVersion = Base64.getUrlEncoder().encodeToString(("3:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String nextWithoutVersion = Base64.getUrlEncoder().encodeToString(("3:" + UUID.randomUUID() + ":1:" + UUID.randomUUID())
                .getBytes(StandardCharsets.UTF_8));
        String nextChangedBefore1970 = Base64.getUrlEncoder().encodeToString(("3:" + UUID.randomUUID() + ":1:"
                + UUID.randomUUID() + ":-1").getBytes(StandardCharsets.UTF_8));
        Map<String, String> parameterOf = Map.ofEntries(
                Map.entry("/api/ideas?limit=0", "limit"),
                Map.entry("/api/ideas?limit=201", "limit"),
                Map.entry("/api/ideas?cursor=not*base64", "cursor"),
                Map.entry("/api/ideas?cursor=" + foreignCursor, "cursor"),
                Map.entry("/api/ideas?cursor=" + beforeTheStart, "cursor"),
                Map.entry("/api/ideas?cursor=" + changedBefore1970, "cursor"),
                Map.entry("/api/ideas?cursor=" + nextWithoutVersion, "cursor"),
                Map.entry("/api/ideas/counts?cursor=" + nextChangedBefore1970, "cursor"),
                Map.entry("/api/ideas?cursor=", "cursor"),
                Map.entry("/api/ideas/page?page=0", "page"),
                Map.entry("/api/ideas/page?pageSize=0", "pageSize"),
                Map.entry("/api/ideas/page?pageSize=201", "pageSize"),
                Map.entry("/api/ideas/search", "q"),
                Map.entry("/api/ideas/search?q=", "q"),
                Map.entry("/api/ideas/search?q=" + "x".repeat(201), "q"),
                Map.entry("/api/ideas/search?q=nul%00byte", "q"),
                Map.entry("/api/ideas/search?q=x&limit=201", "limit"));

        for (Map.Entry<String, String> bad : parameterOf.entrySet()) {
            HttpResponse<String> response = get(bad.getKey(), user);

            assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("type").asText()).as(bad.getKey()).isEqualTo("https://coda.dev/problems/validation");
            assertThat(problem.get("errors").get(0).get("field").asText()).as(bad.getKey()).isEqualTo(bad.getValue());
        }
        assertThat(get("/api/ideas?limit=200", user).statusCode()).isEqualTo(200);
        assertThat(get("/api/ideas?cursor=" + withoutVersion, user).statusCode()).as("a cursor handed out before versions").isEqualTo(200);
        assertThat(get("/api/ideas/search?q=" + "x".repeat(200), user).statusCode()).isEqualTo(200);
    }

    @Test
    void aUrlPathThatTomcatCannotDecodeIsAProblemToo() throws Exception {
        HttpResponse<String> response = get("/api/ideas/a%00b", registerUser());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://coda.dev/problems/malformed-request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
    }

    @Test
    void aFormOrMultipartBodyIsTheClientsMistake() throws Exception {
        String user = registerUser();

        HttpResponse<String> form = send(request("/api/ideas", TestTokens.user(user))
                .header("Content-Type", "application/x-www-form-urlencoded").PUT(BodyPublishers.ofString("a=%")));
        HttpResponse<String> multipart = send(request("/api/sessions/lookup", TestTokens.authAdapter())
                .header("Content-Type", "multipart/form-data").POST(BodyPublishers.ofString("--x--")));

        assertThat(form.statusCode()).as(form.body()).isEqualTo(405); // the list takes no PUT
        assertThat(multipart.statusCode()).as(multipart.body()).isEqualTo(415);
        for (HttpResponse<String> response : List.of(form, multipart)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Test
    void aPathThatSpringSecuritysFirewallRefusesIsAProblemTooAndErrorIsNoEndpoint() throws Exception {
        String user = registerUser();

        HttpResponse<String> refused = get("/api/ideas;x=1", user);
        HttpResponse<String> error = get("/error", user);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).get("type").asText())
                .isEqualTo("https://coda.dev/problems/malformed-request");
        assertThat(error.statusCode()).isEqualTo(404);
        for (HttpResponse<String> response : List.of(refused, error)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
        }
    }

    private Board board() {
        return new Board(registerUser(), eventStore);
    }

    private static List<UUID> ids(JsonNode itemsOrPage) {
        JsonNode items = itemsOrPage.has("items") ? itemsOrPage.get("items") : itemsOrPage;
        return StreamSupport.stream(items.spliterator(), false)
                .map(item -> UUID.fromString(item.get("id").asText())).toList();
    }

    private static String micros(Instant instant) {
        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
    }
}

package dev.coda.command.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.command.CommandServiceTest;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every idea and feature command over HTTP: its effect, its guards, and every way to get it wrong. */
class IdeaCommandApiTest extends CommandServiceTest {

    private String user;
    private String token;

    @BeforeEach
    void signIn() throws Exception {
        user = registerUser();
        token = TestTokens.user(user);
    }

    private JsonNode createIdea(String title) throws Exception {
        HttpResponse<String> response = send("POST", "/api/ideas", token, "{\"title\":\"" + title + "\"}", Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return body(response);
    }

    private String ideaPath(JsonNode idea) {
        return "/api/ideas/" + idea.get("id").asText();
    }

    @Test
    void aCreateRetriedWithItsIdempotencyKeyReturnsTheSameIdeaAndStoresOneEvent() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "create-" + UUID.randomUUID());

        HttpResponse<String> first = send("POST", "/api/ideas", token, "{\"title\":\"Once\"}", key);
        HttpResponse<String> retry = send("POST", "/api/ideas", token, "{\"title\":\"Once\"}", key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(body(retry).get("id")).isEqualTo(body(first).get("id"));
        assertThat(eventTypes(user)).containsExactly("IdeaCreated");
    }

    @Test
    void anIdempotencyKeyUsedAgainForAnotherRequestIsA422AndStoresNothing() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "create-" + UUID.randomUUID());
        send("POST", "/api/ideas", token, "{\"title\":\"Once\"}", key);

        HttpResponse<String> another = send("POST", "/api/ideas", token, "{\"title\":\"Another\"}", key);
        HttpResponse<String> imported = send("POST", "/api/ideas/import", token, "{\"idea\":{\"title\":\"Once\"},\"features\":[]}", key);

        for (HttpResponse<String> refused : List.of(another, imported)) {
            assertProblem(refused, 422);
            assertThat(body(refused).get("type").asText()).isEqualTo("https://coda.dev/problems/idempotency-key-reused");
        }
        assertThat(eventTypes(user)).containsExactly("IdeaCreated");
    }

    @Test
    void aCommandAnswersWithTheIdeasNewVersionAsETag() throws Exception {
        JsonNode idea = createIdea("Versioned");

        HttpResponse<String> edited = send("PUT", ideaPath(idea), token, "{\"title\":\"Edited\",\"notes\":\"n\"}", Map.of());

        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(edited.headers().firstValue("ETag")).contains("\"" + body(edited).get("version").asText() + "\"");
        assertThat(body(edited).get("version").asText()).isNotEqualTo(idea.get("version").asText());
    }

    @Test
    void ifMatchWithAnOutdatedVersionIs412AndChangesNothing() throws Exception {
        JsonNode idea = createIdea("Contended");
        String original = "\"" + idea.get("version").asText() + "\"";
        assertThat(send("PUT", ideaPath(idea) + "/star", token, null, Map.of("If-Match", original)).statusCode()).isEqualTo(200);

        HttpResponse<String> stale = send("PUT", ideaPath(idea), token, "{\"title\":\"Lost update\"}", Map.of("If-Match", original));

        assertProblem(stale, 412);
        assertThat(eventTypes(user)).containsExactly("IdeaCreated", "IdeaStarred");
    }

    @Test
    void aMalformedIfMatchIsTheClientsMistake() throws Exception {
        JsonNode idea = createIdea("Tagged");

        assertProblem(send("PUT", ideaPath(idea) + "/star", token, null, Map.of("If-Match", "\"yesterday\"")), 400);
    }

    @Test
    void starsSuperStarsAndLinksAreSetAndCleared() throws Exception {
        JsonNode idea = createIdea("Flags");
        String path = ideaPath(idea);

        for (var request : List.of(
                new String[] {"PUT", "/star", null}, new String[] {"PUT", "/star", null},
                new String[] {"DELETE", "/star", null}, new String[] {"PUT", "/super-star", null},
                new String[] {"DELETE", "/super-star", null},
                new String[] {"PUT", "/link", "{\"githubUrl\":\"https://github.com/coda/coda\",\"linkLabel\":\"repo\"}"},
                new String[] {"DELETE", "/link", null})) {
            assertThat(send(request[0], path + request[1], token, request[2], Map.of()).statusCode()).isEqualTo(200);
        }

        assertThat(eventTypes(user)).containsExactly("IdeaCreated", "IdeaStarred", "IdeaUnstarred", "IdeaSuperStarred",
                "IdeaSuperStarRemoved", "IdeaLinkSet", "IdeaLinkCleared");
    }

    @Test
    void movingAnIdeaPastTheEndMovesItToTheEnd() throws Exception {
        JsonNode first = createIdea("First");
        createIdea("Second");
        createIdea("Third");

        HttpResponse<String> moved = send("PUT", ideaPath(first) + "/position", token, "{\"position\":50}", Map.of());

        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT payload FROM eventstore.domain_event_entry WHERE aggregate_identifier = :b "
                        + "AND payload_type LIKE '%IdeaMoved'").param("b", user + ":ideas").query(String.class).single())
                .contains("\"fromPosition\":0", "\"toPosition\":2");
    }

    @Test
    void aDeletedIdeaComesBackWithItsUndoTokenOnlyAndTheTokenIsNeverStored() throws Exception {
        JsonNode idea = createIdea("Trash me");

        HttpResponse<String> deleted = send("DELETE", ideaPath(idea), token, null, Map.of());
        String undoToken = body(deleted).get("undoToken").asText();
        HttpResponse<String> wrong = send("POST", ideaPath(idea) + "/restore", token, "{\"undoToken\":\"guess\"}", Map.of());
        HttpResponse<String> restored = send("POST", ideaPath(idea) + "/restore", token,
                "{\"undoToken\":\"" + undoToken + "\"}", Map.of());
        HttpResponse<String> again = send("POST", ideaPath(idea) + "/restore", token,
                "{\"undoToken\":\"" + undoToken + "\"}", Map.of());

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(body(deleted).get("undoExpiresAt").asText()).isNotBlank();
        assertProblem(wrong, 400);
        assertThat(restored.statusCode()).isEqualTo(200);
        assertThat(body(restored).get("position").asInt()).isZero();
        assertProblem(again, 409);
        assertThat(jdbc.sql("SELECT count(*) FROM eventstore.domain_event_entry WHERE payload LIKE :token")
                .param("token", "%" + undoToken + "%").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM eventstore.idea_purge_schedule WHERE idea_id = :id::uuid")
                .param("id", idea.get("id").asText()).query(Long.class).single()).as("restore cancels the purge").isZero();
    }

    @Test
    void aRetriedDeleteAnswersANewUndoTokenThatRestoresAndTheFirstStopsWorking() throws Exception {
        JsonNode idea = createIdea("Answer lost");

        HttpResponse<String> first = send("DELETE", ideaPath(idea), token, null, Map.of());
        HttpResponse<String> retried = send("DELETE", ideaPath(idea), token, null, Map.of());
        String lost = body(first).get("undoToken").asText();
        String reissued = body(retried).get("undoToken").asText();
        HttpResponse<String> withLost = send("POST", ideaPath(idea) + "/restore", token,
                "{\"undoToken\":\"" + lost + "\"}", Map.of());
        HttpResponse<String> withReissued = send("POST", ideaPath(idea) + "/restore", token,
                "{\"undoToken\":\"" + reissued + "\"}", Map.of());

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(reissued).isNotEqualTo(lost);
        assertThat(body(retried).get("undoExpiresAt")).as("the window stays").isEqualTo(body(first).get("undoExpiresAt"));
        assertProblem(withLost, 400);
        assertThat(withReissued.statusCode()).isEqualTo(200);
    }

    @Test
    void aDeletedIdeaIsScheduledForPurgeAtTheEndOfItsUndoWindow() throws Exception {
        JsonNode idea = createIdea("Doomed");

        send("DELETE", ideaPath(idea), token, null, Map.of());

        assertThat(jdbc.sql("SELECT count(*) FROM eventstore.idea_purge_schedule WHERE idea_id = :id::uuid "
                        + "AND due_at > now() + interval '6 days'")
                .param("id", idea.get("id").asText()).query(Long.class).single()).isOne();
    }

    @Test
    void featuresAreAddedOneOrManyAtATimeAndChangedInEveryWay() throws Exception {
        JsonNode idea = createIdea("With features");
        String features = ideaPath(idea) + "/features";

        HttpResponse<String> one = send("POST", features, token,
                "{\"title\":\"One\",\"notes\":\"n\",\"detail\":\"d\",\"detailSections\":[{\"id\":\"s1\",\"title\":\"Why\",\"content\":\"c\",\"collapsed\":true}]}",
                Map.of());
        HttpResponse<String> many = send("POST", features + "/batch", token,
                "{\"features\":[{\"title\":\"Two\"},{\"title\":\"Three\"}]}", Map.of());
        String feature = features + "/" + body(one).get("id").asText();
        List<Integer> statuses = new ArrayList<>();
        for (String[] request : List.of(
                new String[] {"PUT", "", "{\"title\":\"One!\",\"detailSections\":[]}"},
                new String[] {"PUT", "/star", null}, new String[] {"DELETE", "/star", null},
                new String[] {"PUT", "/completion", null}, new String[] {"DELETE", "/completion", null},
                new String[] {"PUT", "/position", "{\"position\":9}"}, new String[] {"DELETE", "", null})) {
            statuses.add(send(request[0], feature + request[1], token, request[2], Map.of()).statusCode());
        }

        assertThat(one.statusCode()).isEqualTo(201);
        assertThat(body(one).get("position").asInt()).isZero();
        assertThat(many.statusCode()).isEqualTo(201);
        assertThat(body(many).get("features")).extracting(node -> node.get("position").asInt()).containsExactly(1, 2);
        assertThat(statuses).containsOnly(200);
        assertThat(eventTypes(user)).containsExactly("IdeaCreated", "FeatureAdded", "FeatureAdded", "FeatureAdded",
                "FeatureEdited", "FeatureStarred", "FeatureUnstarred", "FeatureCompleted", "FeatureReopened",
                "FeatureMoved", "FeatureRemoved");
    }

    @Test
    void anImportCreatesTheIdeaWithItsFeatures() throws Exception {
        HttpResponse<String> imported = send("POST", "/api/ideas/import", token, """
                {"idea":{"title":"Imported","notes":"n","starred":true,"githubUrl":"https://github.com/a/b","linkLabel":"b"},
                 "features":[{"title":"F1","completedAt":"2026-01-02T03:04:05Z","detailSections":[{"id":"a","title":"t","content":"c"}]},
                             {"title":"F2","starred":true}]}""", Map.of());

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        assertThat(body(imported).get("featureIds")).hasSize(2);
        assertThat(eventTypes(user)).containsExactly("IdeaCreated", "IdeaStarred", "FeatureAdded", "FeatureAdded");
    }

    @Test
    void aLinkLabelWithoutALinkIsNotKeptSoThatNothingLeavesALabelNoCommandCouldClear() throws Exception {
        assertThat(send("POST", "/api/ideas", token, "{\"title\":\"Created\",\"linkLabel\":\"orphan\"}", Map.of())
                .statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/ideas/import", token,
                "{\"idea\":{\"title\":\"Imported\",\"githubUrl\":\"\",\"linkLabel\":\"orphan\"},\"features\":[]}", Map.of())
                .statusCode()).isEqualTo(201);

        List<String> created = jdbc.sql("""
                        SELECT payload FROM eventstore.domain_event_entry
                        WHERE aggregate_identifier = :board AND payload_type LIKE '%IdeaCreated'""")
                .param("board", user + ":ideas")
                .query(String.class).list();
        assertThat(created).hasSize(2)
                .allMatch(payload -> payload.contains("\"linkLabel\":null"))
                .noneMatch(payload -> payload.contains("orphan"));
    }

    @Test
    void anImportRetriedWithItsIdempotencyKeyAnswersWithTheFeaturesItCreated() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "import-" + UUID.randomUUID());
        String document = "{\"idea\":{\"title\":\"Once\"},\"features\":[{\"title\":\"F1\"},{\"title\":\"F2\"}]}";

        HttpResponse<String> first = send("POST", "/api/ideas/import", token, document, key);
        HttpResponse<String> retry = send("POST", "/api/ideas/import", token, document, key);

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(body(retry).get("id")).isEqualTo(body(first).get("id"));
        assertThat(body(retry).get("featureIds")).isEqualTo(body(first).get("featureIds"));
        assertThat(eventTypes(user)).containsExactly("IdeaCreated", "FeatureAdded", "FeatureAdded");
        String feature = body(retry).get("featureIds").get(0).asText();
        assertThat(send("PUT", "/api/ideas/" + body(retry).get("id").asText() + "/features/" + feature + "/star", token,
                null, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void anInstantTheDatabaseCannotHoldIsA400AndStoresNothing() throws Exception {
        long events = eventCount();
        for (String completedAt : List.of("\"+300000-01-01T00:00:00Z\"", "\"-5000-01-01T00:00:00Z\"", "1e13")) {
            HttpResponse<String> imported = send("POST", "/api/ideas/import", token,
                    "{\"idea\":{\"title\":\"Far\"},\"features\":[{\"title\":\"F\",\"completedAt\":" + completedAt + "}]}", Map.of());

            assertProblem(imported, 400);
            assertThat(fields(imported)).as(completedAt).containsExactly("features[0].completedAt");
            assertThat(body(imported).get("errors").get(0).get("message").asText())
                    .isEqualTo("must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z");
        }
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void anotherUsersIdeaIsNotFoundForEveryCommand() throws Exception {
        JsonNode idea = createIdea("Mine");
        String path = ideaPath(idea);
        String feature = path + "/features/" + body(send("POST", path + "/features", token, "{\"title\":\"F\"}", Map.of()))
                .get("id").asText();
        String strangerId = registerUser();
        String stranger = TestTokens.user(strangerId);
        List<String> events = eventTypes(user);

        for (String[] request : List.of(
                new String[] {"PUT", path, "{\"title\":\"Hijacked\"}"},
                new String[] {"PUT", path + "/star", null}, new String[] {"DELETE", path + "/star", null},
                new String[] {"PUT", path + "/super-star", null}, new String[] {"DELETE", path + "/super-star", null},
                new String[] {"PUT", path + "/link", "{\"githubUrl\":\"https://github.com/a/b\"}"},
                new String[] {"DELETE", path + "/link", null},
                new String[] {"PUT", path + "/position", "{\"position\":0}"}, new String[] {"DELETE", path, null},
                new String[] {"POST", path + "/restore", "{\"undoToken\":\"x\"}"},
                new String[] {"POST", path + "/features", "{\"title\":\"Sneaky\"}"},
                new String[] {"POST", path + "/features/batch", "{\"features\":[{\"title\":\"Sneaky\"}]}"},
                new String[] {"PUT", feature, "{\"title\":\"Hijacked\"}"},
                new String[] {"PUT", feature + "/star", null}, new String[] {"DELETE", feature + "/star", null},
                new String[] {"PUT", feature + "/completion", null}, new String[] {"DELETE", feature + "/completion", null},
                new String[] {"PUT", feature + "/position", "{\"position\":0}"}, new String[] {"DELETE", feature, null})) {
            assertProblem(send(request[0], request[1], stranger, request[2], Map.of()), 404);
        }
        assertThat(eventTypes(user)).isEqualTo(events);
        assertThat(eventTypes(strangerId)).isEmpty();
    }

    @Test
    void anUnknownFeatureIsNotFound() throws Exception {
        JsonNode idea = createIdea("No such feature");

        assertProblem(send("PUT", ideaPath(idea) + "/features/" + UUID.randomUUID() + "/star", token, null, Map.of()), 404);
    }

    /** Creates and imports carry a constrained header, so Spring MVC validates their bodies with the header. */
    @Test
    void aBadIdempotencyKeyOrImportIsA400NamingFieldsAsTheClientSentThemAndStoresNothing() throws Exception {
        long events = eventCount();

        HttpResponse<String> longKey = send("POST", "/api/ideas", token, "{\"title\":\"ok\"}",
                Map.of("Idempotency-Key", "k".repeat(201)));
        HttpResponse<String> longKeyAndBadBody = send("POST", "/api/ideas", token, "{\"title\":\" \"}",
                Map.of("Idempotency-Key", "k".repeat(201)));
        HttpResponse<String> badImport = send("POST", "/api/ideas/import", token,
                "{\"idea\":{\"title\":\"x\",\"notes\":\"" + "n".repeat(10_001) + "\"},\"features\":[{\"title\":\"f\"},{\"title\":\"\"}]}",
                Map.of("Idempotency-Key", "import-" + UUID.randomUUID()));

        assertProblem(longKey, 400);
        assertThat(fields(longKey)).containsExactly("Idempotency-Key");
        assertProblem(longKeyAndBadBody, 400);
        assertThat(fields(longKeyAndBadBody)).containsExactly("Idempotency-Key", "title");
        assertProblem(badImport, 400);
        assertThat(fields(badImport)).containsExactly("features[1].title", "idea.notes");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void everyBadFeatureInputIsA400NamingTheFieldAndStoresNothing() throws Exception {
        JsonNode idea = createIdea("Strict");
        String features = ideaPath(idea) + "/features";
        long events = eventCount();

        HttpResponse<String> tooLong = send("POST", features, token, "{\"title\":\"" + "t".repeat(201) + "\",\"notes\":\""
                + "n".repeat(5_001) + "\",\"detail\":\"" + "d".repeat(20_001) + "\"}", Map.of());
        HttpResponse<String> badSection = send("POST", features, token,
                "{\"title\":\"ok\",\"detailSections\":[{\"id\":\"s\",\"title\":\"t\"}]}", Map.of());
        HttpResponse<String> emptyBatch = send("POST", features + "/batch", token, "{\"features\":[]}", Map.of());
        HttpResponse<String> nul = send("POST", features, token, "{\"title\":\"ok\",\"notes\":\"a\\u0000b\"}", Map.of());
        HttpResponse<String> negative = send("PUT", ideaPath(idea) + "/position", token, "{\"position\":-1}", Map.of());
        HttpResponse<String> notANumber = send("PUT", ideaPath(idea) + "/position", token, "{\"position\":\"top\"}", Map.of());
        HttpResponse<String> badImport = send("POST", "/api/ideas/import", token,
                "{\"idea\":{\"title\":\"x\"},\"features\":[{\"title\":\"f\",\"completedAt\":\"someday\"}]}", Map.of());

        assertProblem(tooLong, 400);
        assertThat(fields(tooLong)).containsExactly("detail", "notes", "title");
        assertProblem(badSection, 400);
        assertThat(fields(badSection)).containsExactly("detailSections[0].content");
        assertProblem(emptyBatch, 400);
        assertThat(fields(emptyBatch)).containsExactly("features");
        assertProblem(nul, 400);
        assertThat(fields(nul)).containsExactly("notes");
        assertProblem(negative, 400);
        assertThat(fields(negative)).containsExactly("position");
        assertProblem(notANumber, 400);
        assertThat(fields(notANumber)).containsExactly("position");
        assertProblem(badImport, 400);
        assertThat(fields(badImport)).containsExactly("features[0].completedAt");
        assertThat(eventCount()).isEqualTo(events);
    }
}

package dev.coda.query.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.query.QueryServiceTest;
import dev.coda.query.projection.ReadModel;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Events in the event store become answers of the query API, which a client reads its own writes from. */
class IdeaReadModelTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("idea_read_model");

    @Autowired
    private EventProcessingConfiguration processing;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
        registry.add("coda.read-model.consistency-wait", () -> "500ms"); // each query of the 503 test waits it out
    }

    @Test
    void aUserReadsTheirOwnNewIdeasInOrderWithTheConsistencyToken() throws Exception {
        Board board = new Board(registerUser(), eventStore);
        UUID first = board.create("First idea", "notes", 0);
        UUID second = board.create("Second idea", null, 1);

        JsonNode items = getJson("/api/ideas", board.user()).get("items");

        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("id").asText()).isEqualTo(first.toString());
        assertThat(items.get(0).get("title").asText()).isEqualTo("First idea");
        assertThat(items.get(0).get("notes").asText()).isEqualTo("notes");
        assertThat(items.get(0).get("features").isArray()).isTrue();
        assertThat(items.get(1).get("id").asText()).isEqualTo(second.toString());
        assertThat(items.get(1).get("position").asInt()).isEqualTo(1);
    }

    @Test
    void aUserNeverSeesAnotherUsersIdeas() throws Exception {
        Board owner = new Board(registerUser(), eventStore);
        owner.create("Private idea", null, 0);

        assertThat(getJson("/api/ideas", registerUser()).get("items")).isEmpty();
    }

    @Test
    void everyQueryAnswersAConsistencyTokenTheReadModelCannotReachInTimeWithA503AndRetryAfter() throws Exception {
        StreamingEventProcessor processor = processing.eventProcessor(ReadModel.PROCESSOR, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown(); // so that the next event stays unprojected
        try {
            registerUser();
            String unprojected = Long.toString(headIndex());
            for (String path : List.of("/api/ideas", "/api/ideas/page", "/api/ideas/trash", "/api/ideas/counts",
                    "/api/ideas/search?q=x", "/api/ideas/" + UUID.randomUUID(), "/api/ideas/" + UUID.randomUUID() + "/export")) {
                HttpResponse<String> response = send(request(path, TestTokens.user("anyone"))
                        .header("X-Consistency-Token", unprojected));

                assertThat(response.statusCode()).as(path).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).contains("1");
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
            }
        } finally {
            processor.start();
        }
        awaitProjection();
    }

    @Test
    void aConsistencyTokenBeyondTheEventStoreIsRefusedAtOnce() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = send(request("/api/ideas", TestTokens.user("anyone"))
                .header("X-Consistency-Token", Long.toString(Long.MAX_VALUE)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("type").asText()).endsWith("invalid-consistency-token");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not held for the consistency wait")
                .isLessThan(Duration.ofMillis(500));
    }

    @Test
    void aMalformedConsistencyTokenIsTheClientsMistake() throws Exception {
        HttpResponse<String> response = send(request("/api/ideas", TestTokens.user("anyone"))
                .header("X-Consistency-Token", "yesterday"));

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void queriesNeedAToken() throws Exception {
        assertThat(send(request("/api/ideas", null)).statusCode()).isEqualTo(401);
    }
}

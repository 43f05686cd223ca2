package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An operator rebuilds the read tables from the event store through Actuator, and follows its progress there. */
class ReadModelRebuildTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("rebuild");
    private static final String REBUILD = "/actuator/rebuild";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void aRebuildReplaysEveryEventIntoEmptiedTablesAndReportsItsProgress() throws Exception {
        String user = registerUser();
        for (int position = 0; position < 3; position++) {
            eventStore.publish(new GenericDomainEventMessage<>("IdeaBoard", user + ":ideas", position,
                    new IdeaCreated(user, UUID.randomUUID(), "idea " + position, null, null, null, position, null, Instant.now())));
        }
        awaitProjection();
        // the read model drifted from the events (a projection bug, a hand edit): the rebuild puts it right
        jdbc.sql("UPDATE ideas SET title = 'drifted'").update();
        jdbc.sql("INSERT INTO users (id, name, email) VALUES ('stray', 'Stray', 'stray@example.com')").update();

        HttpResponse<String> started = send(request(REBUILD, TestTokens.admin())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json.readTree(started.body()).get("events").asLong()).isEqualTo(headIndex());

        JsonNode progress = awaitCompleted();
        assertThat(progress.get("percent").asDouble()).isEqualTo(100);
        assertThat(progress.get("projected").asLong()).isEqualTo(headIndex());
        assertThat(jdbc.sql("SELECT title FROM ideas ORDER BY position").query(String.class).list())
                .containsExactly("idea 0", "idea 1", "idea 2");
        assertThat(jdbc.sql("SELECT id FROM users").query(String.class).list()).contains(user).doesNotContain("stray");
    }

    @Test
    void onlyAnOperatorMayStartOrWatchARebuild() throws Exception {
        String user = registerUser();
        assertThat(send(request(REBUILD, TestTokens.user(user)).POST(HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(403);
        assertThat(send(request(REBUILD, null).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(401);
        assertThat(send(request(REBUILD, TestTokens.user(user)).GET()).statusCode()).isEqualTo(403);
        assertThat(send(request("/actuator/metrics", TestTokens.user(user)).GET()).statusCode()).isEqualTo(403);
        assertThat(send(request("/actuator/metrics", TestTokens.admin()).GET()).statusCode()).isEqualTo(200);
    }

    private JsonNode awaitCompleted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> response = send(request(REBUILD, TestTokens.admin()).GET());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode progress = json.readTree(response.body());
            assertThat(List.of("running", "completed")).contains(progress.get("state").asText());
            if (progress.get("state").asText().equals("completed")) {
                return progress;
            }
            assertThat(System.nanoTime()).as("rebuild completed in time: %s", progress).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}

package dev.coda.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.contracts.users.UserEvent.UserRegistered;
import dev.coda.platform.secrets.DataKey;
import dev.coda.platform.secrets.DataKeys;
import dev.coda.query.projection.ProjectionProgress;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The query-service on a random port against a database of the test class's own. Tests append events to
 * the event store as the command-service would, then read rows or ask the HTTP API as a client would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class QueryServiceTest {

    protected static final ObjectMapper json = new ObjectMapper();
    protected static final String REBUILD = "/actuator/rebuild";
    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;
    @Autowired
    protected EventStore eventStore;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected ProjectionProgress progress;
    @Autowired
    protected DataKeys dataKeys;

    /** Call from the test class's {@code @DynamicPropertySource}. */
    protected static void useDatabase(TestDatabase database, DynamicPropertyRegistry registry) {
        // the command-service owns the event store's schema; here it is created as that service would
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                .schemas("eventstore").defaultSchema("eventstore").locations("classpath:db/eventstore")
                .load().migrate();
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
        registry.add("coda.security.jwt.secret", () -> TestTokens.SECRET);
        registry.add("coda.secrets.master-key", () -> TestTokens.MASTER_KEY);
    }

    protected String registerUser() {
        String user = UUID.randomUUID().toString();
        DataKey key = dataKeys.create(user);
        eventStore.publish(new GenericDomainEventMessage<>("User", user, 0,
                new UserRegistered(user, key.seal("Ada"), key.seal(user + "@example.com"), null, null, Instant.now())));
        return user;
    }

    /** The global index of the last appended event: the consistency token of the last command. */
    protected long headIndex() {
        return jdbc.sql("SELECT coalesce(max(global_index), 0) FROM eventstore.domain_event_entry").query(Long.class).single();
    }

    protected void awaitProjection() {
        assertThat(progress.awaitPassed(headIndex(), Duration.ofSeconds(10))).as("projected in time").isTrue();
    }

    /** Starts a rebuild of the read model through Actuator, as an operator; its first progress. */
    protected JsonNode startRebuild() throws Exception {
        HttpResponse<String> started = send(request(REBUILD, TestTokens.admin()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        return json.readTree(started.body());
    }

    /** Waits for the running rebuild to complete; its last progress. */
    protected JsonNode awaitRebuilt() throws Exception {
        JsonNode progress = awaitRebuildEnded();
        assertThat(progress.get("state").asText()).as("rebuild: %s", progress).isEqualTo("completed");
        return progress;
    }

    /** Waits for the running rebuild to complete or fail; its last progress. */
    protected JsonNode awaitRebuildEnded() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> response = send(request(REBUILD, TestTokens.admin()).GET());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode progress = json.readTree(response.body());
            String state = progress.get("state").asText();
            assertThat(List.of("running", "switching", "completed", "failed")).contains(state);
            if (state.equals("completed") || state.equals("failed")) {
                return progress;
            }
            assertThat(System.nanoTime()).as("rebuild ended in time: %s", progress).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** GETs {@code path} as {@code user}, reading the user's writes so far. */
    protected HttpResponse<String> get(String path, String user) throws Exception {
        return send(request(path, TestTokens.user(user)).header("X-Consistency-Token", Long.toString(headIndex())));
    }

    /** The JSON body of a successful GET. */
    protected JsonNode getJson(String path, String user) throws Exception {
        HttpResponse<String> response = get(path, user);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    protected HttpRequest.Builder request(String path, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        return bearerToken == null ? request : request.header("Authorization", "Bearer " + bearerToken);
    }

    protected static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

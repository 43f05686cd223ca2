package dev.coda.query.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.contracts.users.UserEvent.UserRegistered;
import dev.coda.query.projection.ProjectionProgress;
import dev.coda.query.projection.ReadModel;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Events in the event store become rows in the seed's tables and answers of the query API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdeaReadModelTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("idea_read_model");
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ProjectionProgress progress;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // the command-service owns the event store's schema; here it is created as that service would
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                .schemas("eventstore").defaultSchema("eventstore").locations("classpath:db/eventstore")
                .load().migrate();
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
        registry.add("coda.security.jwt.secret", () -> TestTokens.SECRET);
        registry.add("coda.read-model.consistency-wait", () -> "500ms");
    }

    @Test
    void aUserReadsTheirOwnNewIdeasInOrderWithTheConsistencyToken() throws Exception {
        String user = registerUser();
        UUID first = createIdea(user, 0, "First idea", "notes");
        UUID second = createIdea(user, 1, "Second idea", null);

        HttpResponse<String> response = get("/api/ideas", TestTokens.user(user), headIndex());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode items = json.readTree(response.body()).get("items");
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
        String owner = registerUser();
        String other = registerUser();
        createIdea(owner, 0, "Private idea", null);

        HttpResponse<String> response = get("/api/ideas", TestTokens.user(other), headIndex());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("items")).isEmpty();
    }

    @Test
    void aConsistencyTokenTheReadModelCannotReachInTimeIsA503WithRetryAfter() throws Exception {
        HttpResponse<String> response = get("/api/ideas", TestTokens.user("anyone"), headIndex() + 1_000_000);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void aMalformedConsistencyTokenIsTheClientsMistake() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ideas"))
                .header("Authorization", "Bearer " + TestTokens.user("anyone"))
                .header("X-Consistency-Token", "yesterday")
                .build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    @Test
    void queriesNeedAToken() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ideas")).build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void aReplayRebuildsIdenticalTables() throws Exception {
        String user = registerUser();
        createIdea(user, 0, "Survives replay", "with notes");
        assertThat(progress.awaitPassed(headIndex(), Duration.ofSeconds(10))).isTrue();
        List<Map<String, Object>> usersBefore = rows("SELECT * FROM users ORDER BY id");
        List<Map<String, Object>> ideasBefore = rows("SELECT * FROM ideas ORDER BY id");

        StreamingEventProcessor processor = processing
                .eventProcessor(ReadModel.PROCESSOR, StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();

        assertThat(progress.awaitPassed(headIndex(), Duration.ofSeconds(30))).isTrue();
        assertThat(rows("SELECT * FROM users ORDER BY id")).isEqualTo(usersBefore);
        assertThat(rows("SELECT * FROM ideas ORDER BY id")).isEqualTo(ideasBefore);
    }

    private List<Map<String, Object>> rows(String sql) {
        return jdbc.sql(sql).query().listOfRows();
    }

    private String registerUser() {
        String user = UUID.randomUUID().toString();
        eventStore.publish(new GenericDomainEventMessage<>("User", user, 0,
                new UserRegistered(user, "Ada", user + "@example.com", null, now())));
        return user;
    }

    private UUID createIdea(String user, int position, String title, String notes) {
        UUID idea = UUID.randomUUID();
        eventStore.publish(new GenericDomainEventMessage<>("IdeaBoard", user + ":ideas", position,
                new IdeaCreated(user, idea, title, notes, null, null, position, now())));
        return idea;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private long headIndex() {
        return jdbc.sql("SELECT coalesce(max(global_index), 0) FROM eventstore.domain_event_entry").query(Long.class).single();
    }

    private HttpResponse<String> get(String path, String token, long consistencyToken) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("X-Consistency-Token", Long.toString(consistencyToken))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton, end to end: the three services as separate processes on real PostgreSQL and
 * Kafka. A user is registered, creates an idea, reads it back through the query API with the command's
 * consistency token, and the idea's change record arrives on {@code <prefix>.public.ideas}.
 */
class OneIdeaTravelsEndToEndIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String PREFIX = "systest" + UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    private static TestDatabase database;
    private static ServiceProcess commands;
    private static ServiceProcess queries;
    private static ServiceProcess relay;

    @BeforeAll
    static void startTheSystem() throws Exception {
        Path root = TestInfrastructure.projectRoot();
        database = TestInfrastructure.postgres().createDatabase("system");
        var server = database.server();
        List<String> datasource = List.of(
                "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + server.user(),
                "spring.datasource.password=" + server.password(),
                "coda.security.jwt.secret=" + TestTokens.SECRET);
        commands = ServiceProcess.start(root, "command-service", datasource).awaitHealthy(STARTUP);
        queries = ServiceProcess.start(root, "query-service", datasource).awaitHealthy(STARTUP);
        relay = ServiceProcess.start(root, "cdc-relay", List.of(
                "spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                "coda.relay.database.host=" + server.host(),
                "coda.relay.database.port=" + server.port(),
                "coda.relay.database.name=" + database.name(),
                "coda.relay.database.user=" + server.user(),
                "coda.relay.database.password=" + server.password(),
                "coda.relay.topic-prefix=" + PREFIX,
                "coda.relay.slot-name=" + PREFIX,
                "coda.relay.offsets-topic=" + PREFIX + "-offsets")).awaitHealthy(STARTUP);
        awaitReplicationSlot(PREFIX, STARTUP);
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {relay, queries, commands}) {
            if (service != null) {
                service.close();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void anIdeaCreatedOverHttpReachesTheReadTableTheQueryApiAndKafka() throws Exception {
        HttpResponse<String> registered = post(commands.url("/api/users"), TestTokens.authAdapter(),
                "{\"name\":\"Ada\",\"email\":\"ada-" + UUID.randomUUID() + "@example.com\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String userId = json.readTree(registered.body()).get("id").asText();

        HttpResponse<String> created = post(commands.url("/api/ideas"), TestTokens.user(userId),
                "{\"title\":\"Walking skeleton\",\"notes\":\"one idea all the way to Kafka\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode idea = json.readTree(created.body());
        String ideaId = idea.get("id").asText();

        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(queries.url("/api/ideas")))
                .header("Authorization", "Bearer " + TestTokens.user(userId))
                .header("X-Consistency-Token", idea.get("consistencyToken").asText())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode items = json.readTree(listed.body()).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("id").asText()).isEqualTo(ideaId);
        assertThat(items.get(0).get("title").asText()).isEqualTo("Walking skeleton");

        assertThat(readTableTitle(ideaId)).contains("Walking skeleton");

        JsonNode change = awaitChange(PREFIX + ".public.ideas", ideaId, Duration.ofSeconds(60));
        assertThat(change.get("op").asText()).isEqualTo("c");
        assertThat(change.get("after").get("title").asText()).isEqualTo("Walking skeleton");
        assertThat(change.get("after").get("user_id").asText()).isEqualTo(userId);
        assertThat(change.get("after").has("undo_token")).as("secrets never reach Kafka").isFalse();
    }

    private static Optional<String> readTableTitle(String ideaId) throws Exception {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT title FROM ideas WHERE id = ?::uuid")) {
            statement.setString(1, ideaId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    private static JsonNode awaitChange(String topic, String id, Duration timeout) throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    if (record.value() != null && json.readTree(record.key()).get("id").asText().equals(id)) {
                        return json.readTree(record.value());
                    }
                }
            }
        }
        throw new AssertionError("No change record for " + id + " on " + topic + " within " + timeout
                + "; relay log:\n" + relay.tail());
    }

    private static void awaitReplicationSlot(String slot, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND active")) {
            statement.setString(1, slot);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll interval
            }
        }
        throw new AssertionError("The relay did not open replication slot " + slot + "; relay log:\n" + relay.tail());
    }

    private static HttpResponse<String> post(String url, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

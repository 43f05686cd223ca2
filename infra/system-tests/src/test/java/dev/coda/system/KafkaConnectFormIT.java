package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTopics;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's connector file, unchanged, on a real Kafka Connect worker (distributed mode, Maven Central jars):
 * the records the relay would publish arrive, secrets left out, an event of several MB among them, on topics
 * created as the relay creates its own (partitions, cleanup policy, record size).
 */
class KafkaConnectFormIT {

    private static final Duration STARTUP = Duration.ofSeconds(180);
    /** Above Kafka's default limit of 1 MiB, as the event of one large log batch is. */
    private static final int LARGE_PAYLOAD_CHARS = 6_500_000;
    private static final ObjectMapper json = new ObjectMapper();

    private final TestTopics topics = TestTopics.create("connect");
    private final String prefix = topics.prefix();
    private final TestDatabase database = TestInfrastructure.postgres().createDatabase("connect_form");

    @AfterEach
    void dropDatabaseAndTopics() {
        database.close();
        topics.close();
    }

    @Test
    void theConnectorFileRunsOnKafkaConnectWithTheRelaysRecordsAndTopics() throws Exception {
        var root = TestInfrastructure.projectRoot();
        execute(Files.readString(root.resolve("query-service/src/main/resources/db/read/V1__seed_read_schema.sql")));
        database.createEventStore();
        execute("CREATE TABLE public.cdc_heartbeat (id int PRIMARY KEY, beat_at timestamptz)");

        try (ConnectWorker worker = ConnectWorker.start(database, prefix, "public.users,public.ideas", List.of(), STARTUP)) {
            execute("""
                    INSERT INTO users (id, email) VALUES ('u-connect', 'secret-email@example.com');
                    INSERT INTO ideas (user_id, title, position, undo_token)
                        VALUES ('u-connect', 'Via Kafka Connect', 0, 'secret-undo-token')""");
            execute(event("e-large", 0, "'{\"message\":\"' || repeat('x', " + LARGE_PAYLOAD_CHARS + ") || '\"}'"));
            execute(event("e-after", 1, "'{\"title\":\"after the large one\"}'"));

            List<ConsumerRecord<String, String>> ideas = consume(prefix + ".public.ideas", 1);
            JsonNode idea = json.readTree(ideas.get(0).value());
            assertThat(idea.get("after").get("title").asText()).isEqualTo("Via Kafka Connect");
            assertThat(idea.get("after").has("undo_token")).isFalse();
            assertThat(json.readTree(consume(prefix + ".public.users", 1).get(0).value()).get("after").has("email")).isFalse();

            List<ConsumerRecord<String, String>> events = consume(prefix + ".events", 2);
            assertThat(events).extracting(ConsumerRecord::key).containsOnly("\"board-u-connect\""); // a JSON string
            JsonNode large = json.readTree(events.get(0).value());
            assertThat(large.get("type").asText()).isEqualTo("dev.coda.ideas.IdeaCreated");
            assertThat(large.get("payload").get("message").asText()).hasSize(LARGE_PAYLOAD_CHARS);
            assertThat(json.readTree(events.get(1).value()).get("payload").get("title").asText())
                    .isEqualTo("after the large one");

            assertTopics(prefix + ".public.ideas", "compact");
            assertTopics(prefix + ".events", "delete");
        }
    }

    private String event(String id, int sequence, String payload) {
        return "INSERT INTO eventstore.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,"
                + " time_stamp, payload_type, payload) VALUES ('" + id + "', 'board-u-connect', " + sequence
                + ", 'IdeaBoard', '2026-11-27T10:00:00Z', 'dev.coda.ideas.IdeaCreated', " + payload + ")";
    }

    /** The relay's defaults (coda.relay.topic-partitions, max-record-bytes) and the cleanup policy of its topics. */
    private static void assertTopics(String topic, String cleanupPolicy) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers()))) {
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
            assertThat(description.partitions()).as(topic + " partitions").hasSize(3);
            assertThat(config.get("cleanup.policy").value()).as(topic).isEqualTo(cleanupPolicy);
            assertThat(config.get("max.message.bytes").value()).as(topic).isEqualTo("33554432");
        }
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(STARTUP);
        try (KafkaConsumer<String, String> consumer = Consumers.fromTheStart()) {
            consumer.subscribe(List.of(topic));
            while (records.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(records).as("records on " + topic).hasSize(count);
        return records;
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTopics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A captured table's inserts, updates and deletes reach its Kafka topic as Debezium JSON envelopes without
 * schema, keyed by primary key, with a tombstone after each delete and excluded columns left out.
 */
@SpringBootTest
// closed after the class, so that no producer of it still holds (and may recreate) the deleted topics
@DirtiesContext
class ChangeRelayTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("relay");
    private static final TestTopics topics = TestTopics.create("relaytest");
    private static final String PREFIX = topics.prefix();
    private static final String TOPIC = PREFIX + ".public.relay_probe";
    private static final String SECRET = "planted-secret-" + UUID.randomUUID();
    private static final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws SQLException {
        database.createEventStore();
        execute("""
                CREATE TABLE relay_probe (id uuid PRIMARY KEY, title text NOT NULL, secret text);
                ALTER TABLE relay_probe REPLICA IDENTITY FULL""");
        RelayTestProperties.capture(registry, database);
        RelayTestProperties.publish(registry, topics);
        registry.add("coda.relay.tables", () -> "public.relay_probe");
        registry.add("coda.relay.excluded-columns", () -> "public.relay_probe.secret");
    }

    @AfterAll
    static void release(@Autowired ChangeRelay relay) {
        RelayTestProperties.release(relay, database, topics);
    }

    @Test
    void insertsUpdatesAndDeletesArriveAsChangeEnvelopesKeyedByPrimaryKey() throws Exception {
        awaitStreaming();
        UUID id = UUID.randomUUID();
        execute("INSERT INTO relay_probe VALUES ('" + id + "', 'first title', '" + SECRET + "')");
        execute("UPDATE relay_probe SET title = 'second title' WHERE id = '" + id + "'");
        execute("DELETE FROM relay_probe WHERE id = '" + id + "'");

        List<ConsumerRecord<String, String>> records = KafkaRecords.consumeUntil(TOPIC,
                seen -> seen.stream().anyMatch(record -> record.value() == null), Duration.ofSeconds(90)).stream()
                .filter(record -> record.key().contains(id.toString()))
                .toList();

        assertThat(records).hasSize(4);
        assertThat(records).allSatisfy(record -> assertThat(json.readTree(record.key()).get("id").asText()).isEqualTo(id.toString()));
        JsonNode created = json.readTree(records.get(0).value());
        assertThat(created.get("op").asText()).isEqualTo("c");
        assertThat(created.get("after").get("title").asText()).isEqualTo("first title");
        assertThat(created.has("schema")).isFalse();
        JsonNode updated = json.readTree(records.get(1).value());
        assertThat(updated.get("op").asText()).isEqualTo("u");
        assertThat(updated.get("before").get("title").asText()).isEqualTo("first title");
        assertThat(updated.get("after").get("title").asText()).isEqualTo("second title");
        JsonNode deleted = json.readTree(records.get(2).value());
        assertThat(deleted.get("op").asText()).isEqualTo("d");
        assertThat(deleted.get("before").get("title").asText()).isEqualTo("second title");
        assertThat(records.get(3).value()).as("tombstone after the delete").isNull();
        assertThat(records).noneSatisfy(record -> assertThat(String.valueOf(record.value())).contains(SECRET));
        assertThat(created.get("after").has("secret")).isFalse();
    }

    @Test
    void theLargestChangeTheServicesWriteArrivesAndTheChangesAfterItToo() throws Exception {
        awaitStreaming();
        UUID id = UUID.randomUUID();
        // as large as a feature's update can be: 2.4 million characters escaped to 6 bytes of JSON each, before
        // and after (REPLICA IDENTITY FULL)
        String large = "\u001b".repeat(2_400_000);
        execute("INSERT INTO relay_probe VALUES ('" + id + "', '" + large + "', null)");
        execute("UPDATE relay_probe SET secret = 'changed' WHERE id = '" + id + "'");
        String after = "after-" + UUID.randomUUID();
        execute("INSERT INTO relay_probe VALUES ('" + UUID.randomUUID() + "', '" + after + "', null)");

        // the topic has partitions: the change after may be read before the large ones, so wait for all three
        Predicate<List<ConsumerRecord<String, String>>> bothLargeChanges =
                seen -> seen.stream().filter(record -> record.key().contains(id.toString())).count() >= 2;
        List<ConsumerRecord<String, String>> records = KafkaRecords.consumeUntil(TOPIC,
                bothLargeChanges.and(KafkaRecords.anyValueContains(after)), Duration.ofSeconds(90));

        List<ConsumerRecord<String, String>> changes = records.stream().filter(record -> record.key().contains(id.toString()))
                .toList();
        assertThat(changes).extracting(ConsumerRecord::serializedValueSize).hasSize(2)
                .last().asInstanceOf(InstanceOfAssertFactories.INTEGER).isGreaterThan(28_000_000);
        JsonNode updated = json.readTree(changes.get(1).value());
        assertThat(updated.get("before").get("title").asText()).isEqualTo(large);
        assertThat(updated.get("after").get("title").asText()).isEqualTo(large);
    }

    /** A row inserted now is streamed (op c), not read by the initial snapshot: wait until one arrives. */
    private static void awaitStreaming() throws SQLException {
        String marker = "marker-" + UUID.randomUUID();
        execute("INSERT INTO relay_probe VALUES ('" + UUID.randomUUID() + "', '" + marker + "', null)");
        KafkaRecords.consumeUntil(TOPIC, KafkaRecords.anyValueContains(marker), Duration.ofSeconds(90));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.ListeningSockets;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The relay with its default publishing rules on the real read schema and event store: which tables reach
 * Kafka and which never do, that no secret column leaves the database, the events topic, heartbeats,
 * health and metrics, and a restart that reuses slot and publication.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// closed after the class, so that no producer of it still holds (and may recreate) the deleted topics
@DirtiesContext
class PublishingRulesTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("relay_rules");
    private static final TestTopics topics = TestTopics.create("rules");
    private static final String PREFIX = topics.prefix();
    private static final Pattern EVERY_TOPIC = Pattern.compile(Pattern.quote(PREFIX) + ".*");
    private static final Set<String> PUBLISHED = Set.of("users", "ideas", "idea_features", "dev_jobs", "dev_logs",
            "dev_pairings");
    private static final ObjectMapper json = new ObjectMapper();
    private static final String SNAPSHOTTED = "board-snapshotted-" + UUID.randomUUID();

    @Autowired
    private MeterRegistry meters;
    @Autowired
    private ChangeRelay relay;
    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        var root = TestInfrastructure.projectRoot();
        execute(Files.readString(root.resolve("query-service/src/main/resources/db/read/V1__seed_read_schema.sql")));
        execute(Files.readString(root.resolve(
                "query-service/src/main/resources/db/read/V7__jobs_and_users_replica_identity_full.sql")));
        database.createEventStore();
        execute("CREATE TABLE public.unpublished_churn (id bigint PRIMARY KEY, filler text)");
        storeEventsOnDiskOutOfSequence();
        RelayTestProperties.capture(registry, database);
        RelayTestProperties.publish(registry, topics);
        registry.add("coda.relay.heartbeat-interval", () -> "1s");
    }

    @AfterAll
    static void release(@Autowired ChangeRelay relay) {
        RelayTestProperties.release(relay, database, topics);
    }

    @Test
    void theRelayListensOnLoopbackOnly() {
        assertThat(ListeningSockets.addressesOf(port)).containsExactly("127.0.0.1");
    }

    @Test
    @Order(1)
    void secretColumnsAndSecretTablesNeverReachKafka() throws Exception {
        awaitStreaming();
        Map<String, String> secrets = new java.util.LinkedHashMap<>();
        for (String column : List.of("users.email", "accounts.refresh_token", "accounts.access_token",
                "accounts.id_token", "sessions.session_token", "verification_tokens.token", "ideas.undo_token",
                "dev_pairings.pairing_code", "dev_pairings.pairing_jti")) {
            secrets.put(column, "planted-secret-" + UUID.randomUUID());
        }
        String user = "user-" + UUID.randomUUID();
        UUID idea = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        UUID pairing = UUID.randomUUID();
        execute("INSERT INTO users (id, name, email) VALUES ('" + user + "', 'Ada', '" + secrets.get("users.email") + "')");
        execute("INSERT INTO accounts (user_id, type, provider, provider_account_id, refresh_token, access_token, id_token) "
                + "VALUES ('" + user + "', 'oauth', 'github', 'gh-1', '" + secrets.get("accounts.refresh_token") + "', '"
                + secrets.get("accounts.access_token") + "', '" + secrets.get("accounts.id_token") + "')");
        execute("INSERT INTO sessions VALUES ('" + secrets.get("sessions.session_token") + "', '" + user + "', now())");
        execute("INSERT INTO verification_tokens VALUES ('ada@example.com', '" + secrets.get("verification_tokens.token")
                + "', now())");
        execute("INSERT INTO ideas (id, user_id, title, position, undo_token) VALUES ('" + idea + "', '" + user
                + "', 'Idea', 0, '" + secrets.get("ideas.undo_token") + "')");
        execute("INSERT INTO idea_features (idea_id, title, position) VALUES ('" + idea + "', 'Feature', 0)");
        execute("INSERT INTO dev_jobs (id, idea_id, user_id, command) VALUES ('" + job + "', '" + idea + "', '" + user
                + "', 'make')");
        execute("INSERT INTO dev_logs (job_id, level, message, timestamp) VALUES ('" + job + "', 'info', 'ok', now())");
        execute("INSERT INTO dev_pairings (id, user_id, pairing_code, pairing_jti, expires_at) VALUES ('" + pairing
                + "', '" + user + "', '" + secrets.get("dev_pairings.pairing_code") + "', '"
                + secrets.get("dev_pairings.pairing_jti") + "', now())");
        execute("UPDATE ideas SET title = 'Renamed' WHERE id = '" + idea + "'");
        execute("DELETE FROM dev_pairings WHERE id = '" + pairing + "'");
        // the events those columns come from carry the same values (hashes of the tokens and codes)
        execute("""
                INSERT INTO eventstore.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload, meta_data)
                VALUES ('%1$s-deleted', '%1$s:ideas', 0, 'IdeaBoard', '2026-11-29T12:00:00Z', 'IdeaDeleted',
                        '{"ideaId":"%2$s","undoTokenHash":"%3$s"}', '{}'),
                       ('%4$s', '%4$s', 0, 'Pairing', '2026-11-29T12:00:00Z', 'PairingStarted',
                        '{"pairingId":"%4$s","pairingCodeHash":"%5$s","pairingJtiHash":"%6$s"}', '{}')"""
                .formatted(user, idea, secrets.get("ideas.undo_token"), pairing, secrets.get("dev_pairings.pairing_code"),
                        secrets.get("dev_pairings.pairing_jti")));

        List<ConsumerRecord<String, String>> records = KafkaRecords.consumeUntil(EVERY_TOPIC, seen ->
                        tablesSeen(seen).containsAll(PUBLISHED)
                        && seen.stream().anyMatch(r -> r.topic().endsWith(".dev_pairings") && r.value() == null)
                        && seen.stream().anyMatch(r -> r.value() != null && r.value().contains("Renamed"))
                        && seen.stream().filter(r -> r.topic().endsWith(".events") && r.value().contains(user)
                                || r.topic().endsWith(".events") && r.value().contains("\"" + pairing + "\"")).count() >= 2,
                Duration.ofSeconds(90));

        for (ConsumerRecord<String, String> record : records) {
            for (var secret : secrets.entrySet()) {
                assertThat(record.key() + " " + record.value()).as("%s on %s", secret.getKey(), record.topic())
                        .doesNotContain(secret.getValue());
            }
        }
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).filteredOn(topic -> topic.startsWith(PREFIX + "."))
                    .containsExactlyInAnyOrder(PREFIX + ".public.users", PREFIX + ".public.ideas",
                            PREFIX + ".public.idea_features", PREFIX + ".public.dev_jobs", PREFIX + ".public.dev_logs",
                            PREFIX + ".public.dev_pairings", PREFIX + ".events");
        }
        JsonNode ideaCreated = json.readTree(records.stream()
                .filter(r -> r.topic().endsWith(".ideas") && r.value() != null).findFirst().orElseThrow().value());
        assertThat(json.readTree(records.stream().filter(r -> r.topic().endsWith(".ideas")).findFirst().orElseThrow().key()))
                .isEqualTo(json.readTree("{\"id\":\"" + idea + "\"}"));
        assertThat(ideaCreated.get("after").has("undo_token")).isFalse();
        assertThat(ideaCreated.get("after").get("title").asText()).isEqualTo("Idea");
    }

    @Test
    @Order(2)
    void tableTopicsAreCompactedAndTheEventsTopicKeepsEverything() throws Exception {
        try (Admin admin = admin()) {
            List<String> tables = PUBLISHED.stream().map(table -> PREFIX + ".public." + table).toList();
            Map<String, TopicDescription> described = admin.describeTopics(tables).allTopicNames().get();
            assertThat(described.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
            for (String topic : tables) {
                assertThat(topicConfig(admin, topic).get("cleanup.policy").value()).isEqualTo("compact");
            }
            Config events = topicConfig(admin, PREFIX + ".events");
            assertThat(events.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(events.get("retention.ms").value()).isEqualTo("-1");
        }
    }

    @Test
    @Order(3)
    void eachStoredDomainEventArrivesOnTheEventsTopicWithItsPayloadAsJson() throws Exception {
        String aggregate = "board-" + UUID.randomUUID();
        execute("""
                INSERT INTO eventstore.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES ('%1$s-0', '%1$s', 0, 'IdeaBoard', '2026-11-25T19:10:34.085Z', 'dev.coda.ideas.IdeaCreated', '1',
                        '{"ideaId":"i-1","title":"Coda","position":0,"tags":["a","b"],"score":1.5,"starred":false}', '{}'),
                       ('%1$s-1', '%1$s', 1, 'IdeaBoard', '2026-11-25T19:10:35.000Z', 'dev.coda.ideas.IdeaStarred', '1',
                        '{"ideaId":"i-1"}', '{}')""".formatted(aggregate));
        execute("UPDATE eventstore.domain_event_entry SET meta_data = '{\"edited\":true}' WHERE aggregate_identifier = '"
                + aggregate + "'");

        List<ConsumerRecord<String, String>> events = KafkaRecords.consumeUntil(PREFIX + ".events",
                seen -> seen.stream().filter(r -> r.value().contains(aggregate)).count() >= 2, Duration.ofSeconds(60));

        List<ConsumerRecord<String, String>> ours = events.stream().filter(r -> r.value().contains(aggregate)).toList();
        assertThat(ours).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo("\"" + aggregate + "\""));
        JsonNode created = json.readTree(ours.get(0).value());
        assertThat(created.get("type").asText()).isEqualTo("dev.coda.ideas.IdeaCreated");
        assertThat(created.get("aggregate").asText()).isEqualTo(aggregate);
        assertThat(created.get("aggregateType").asText()).isEqualTo("IdeaBoard");
        assertThat(created.get("sequence").asLong()).isZero();
        assertThat(created.get("globalIndex").isIntegralNumber()).isTrue();
        assertThat(created.get("timestamp").asText()).isEqualTo("2026-11-25T19:10:34.085Z");
        assertThat(created.get("payload")).isEqualTo(json.readTree(
                "{\"ideaId\":\"i-1\",\"title\":\"Coda\",\"position\":0,\"tags\":[\"a\",\"b\"],\"score\":1.5,\"starred\":false}"));
        assertThat(json.readTree(ours.get(1).value()).get("sequence").asLong()).isEqualTo(1);
        assertThat(ours.get(0).partition()).as("one aggregate, one partition, in order").isEqualTo(ours.get(1).partition());
    }

    @Test
    void anUpdateThatLeavesALongValueAloneStillPublishesIt() throws Exception {
        awaitStreaming();
        String user = "user-" + UUID.randomUUID();
        UUID idea = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        // random text does not compress, so PostgreSQL keeps it out of line
        String command = new java.util.Random().ints(10_000, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        String image = "https://example.com/" + command.substring(0, 2_000);
        execute("INSERT INTO users (id, name, email, image) VALUES ('" + user + "', 'Ada', '" + user + "@example.com', '"
                + image + "')");
        execute("INSERT INTO ideas (id, user_id, title, position) VALUES ('" + idea + "', '" + user + "', 'Idea', 0)");
        execute("INSERT INTO dev_jobs (id, idea_id, user_id, command) VALUES ('" + job + "', '" + idea + "', '" + user
                + "', '" + command + "')");
        execute("UPDATE dev_jobs SET status = 'running' WHERE id = '" + job + "'");
        execute("UPDATE users SET name = 'Ada L.' WHERE id = '" + user + "'");

        List<ConsumerRecord<String, String>> updates = KafkaRecords.consumeUntil(EVERY_TOPIC,
                seen -> seen.stream().filter(r -> isUpdateOf(r, job.toString()) || isUpdateOf(r, user)).count() >= 2,
                Duration.ofSeconds(90)).stream().filter(r -> isUpdateOf(r, job.toString()) || isUpdateOf(r, user)).toList();

        for (ConsumerRecord<String, String> update : updates) {
            assertThat(update.value()).as(update.topic()).doesNotContain("__debezium_unavailable_value");
        }
        JsonNode started = json.readTree(updates.stream().filter(r -> r.topic().endsWith(".dev_jobs")).findFirst().orElseThrow().value());
        assertThat(started.get("after").get("command").asText()).isEqualTo(command);
        JsonNode renamed = json.readTree(updates.stream().filter(r -> r.topic().endsWith(".users")).findFirst().orElseThrow().value());
        assertThat(renamed.get("after").get("image").asText()).isEqualTo(image);
    }

    private static boolean isUpdateOf(ConsumerRecord<String, String> record, String id) {
        return record.key().contains(id) && record.value() != null && record.value().contains("\"op\":\"u\"");
    }

    @Test
    void theFirstSnapshotPublishesEachAggregatesEventsInSequence() throws Exception {
        List<ConsumerRecord<String, String>> events = KafkaRecords.consumeUntil(PREFIX + ".events",
                seen -> seen.stream().filter(r -> r.value().contains(SNAPSHOTTED)).count() >= 3, Duration.ofSeconds(90));

        List<Long> sequences = new ArrayList<>();
        for (ConsumerRecord<String, String> event : events) {
            if (event.value().contains(SNAPSHOTTED)) {
                sequences.add(json.readTree(event.value()).get("sequence").asLong());
            }
        }
        assertThat(sequences).containsExactly(0L, 1L, 2L);
    }

    /** Three events of one aggregate, the first updated since, so that a scan of the table reads it last. */
    private static void storeEventsOnDiskOutOfSequence() throws SQLException {
        for (int sequence = 0; sequence < 3; sequence++) {
            execute("""
                    INSERT INTO eventstore.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                        type, time_stamp, payload_type, payload_revision, payload, meta_data)
                    VALUES ('%1$s-%2$d', '%1$s', %2$d, 'IdeaBoard', '2026-11-25T19:10:34.085Z', 'dev.coda.ideas.IdeaStarred',
                            '1', '{"ideaId":"i-1"}', '{}')""".formatted(SNAPSHOTTED, sequence));
        }
        execute("UPDATE eventstore.domain_event_entry SET meta_data = '{}' WHERE event_identifier = '" + SNAPSHOTTED + "-0'");
        assertThat(query("SELECT sequence_number FROM eventstore.domain_event_entry")).as("the table's order on disk")
                .containsExactly("1", "2", "0");
    }

    @Test
    @Order(4)
    void healthAndMetricsShowTheSourcePositionAndTheSlotLag() throws Exception {
        String marker = "metrics-" + UUID.randomUUID();
        execute("INSERT INTO users (id, email) VALUES ('" + marker + "', '" + marker + "@example.com')");
        KafkaRecords.consumeUntil(PREFIX + ".public.users", KafkaRecords.anyValueContains(marker), Duration.ofSeconds(60));

        assertHealthy();
        assertThat(meters.get("coda.relay.records.published").counter().count()).isPositive();
        double lsn = meters.get("coda.relay.source.lsn").gauge().value();
        assertThat(lsn).isPositive();
        assertThat(meters.get("coda.relay.source.commit.time").gauge().value())
                .isGreaterThan(Instant.now().minusSeconds(120).toEpochMilli());
        assertThat(meters.get("coda.relay.end.to.end.lag").gauge().value()).isBetween(0.0, 60_000.0);
        assertThat(meters.get("coda.relay.slot.lag").gauge().value()).isNotNaN().isGreaterThanOrEqualTo(0);

        // a batch that ends with a tombstone moves the position too: its delete's envelope has a source
        execute("DELETE FROM users WHERE id = '" + marker + "'");
        Await.until("the delete's position in the gauge", Duration.ofSeconds(30),
                () -> meters.get("coda.relay.source.lsn").gauge().value() > lsn);
    }

    private void assertHealthy() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode components = json.readTree(health.body()).get("components");
        assertThat(components.get("relay").get("status").asText()).isEqualTo("UP");
        assertThat(components.get("kafka").get("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(5)
    void heartbeatsKeepRetainedWalBoundedWhileOnlyUnpublishedTablesChange() throws Exception {
        assertThat(query("SELECT tablename FROM pg_publication_tables WHERE pubname = '" + PREFIX + "'"))
                .contains("cdc_heartbeat").doesNotContain("unpublished_churn", "accounts", "sessions", "verification_tokens");
        long start = Long.parseLong(query("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn").get(0).split("\\.")[0]);
        List<Long> lagDuringWrites = new ArrayList<>();
        for (int batch = 0; batch < 60; batch++) {
            execute("INSERT INTO unpublished_churn SELECT " + batch + " * 2000 + g, repeat('x', 400) "
                    + "FROM generate_series(1, 2000) g");
            lagDuringWrites.add(slotLag());
        }
        long written = Long.parseLong(query("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn").get(0).split("\\.")[0]) - start;
        assertThat(written).as("WAL written to the unpublished table").isGreaterThan(40L << 20);

        Instant deadline = Instant.now().plusSeconds(30);
        long lag;
        while ((lag = slotLag()) > 1L << 20) {
            assertThat(Instant.now()).as("slot lag %d bytes after %d bytes of unpublished writes; during the writes: %s",
                    lag, written, lagDuringWrites).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // poll interval
        }
        System.out.printf("WAL written %,d bytes; slot lag during writes (bytes) %s; after: %,d%n", written,
                lagDuringWrites, lag);
        Instant quietUntil = Instant.now().plusSeconds(4); // past three heartbeat intervals without a published change
        while (Instant.now().isBefore(quietUntil)) {
            assertHealthy(); // heartbeats alone keep the relay healthy
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        assertHealthy();
    }

    @Test
    @Order(6)
    void aRestartedRelayReusesItsSlotAndPublicationAndDoesNotSnapshotAgain() throws Exception {
        String publication = query("SELECT oid FROM pg_publication WHERE pubname = '" + PREFIX + "'").get(0);
        String before = "before-restart-" + UUID.randomUUID();
        execute("INSERT INTO users (id, email) VALUES ('" + before + "', '" + before + "@example.com')");
        long snapshotReads = countOps(KafkaRecords.consumeUntil(EVERY_TOPIC, KafkaRecords.anyValueContains(before),
                Duration.ofSeconds(60)), "r");

        relay.stop();
        String during = "while-stopped-" + UUID.randomUUID();
        execute("INSERT INTO users (id, email) VALUES ('" + during + "', '" + during + "@example.com')");
        relay.start();

        List<ConsumerRecord<String, String>> records = KafkaRecords.consumeUntil(EVERY_TOPIC,
                KafkaRecords.anyValueContains(during), Duration.ofSeconds(90));
        assertThat(List.of(query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + PREFIX + "'").get(0),
                query("SELECT oid FROM pg_publication WHERE pubname = '" + PREFIX + "'").get(0)))
                .as("one slot, the same publication").containsExactly("1", publication);
        assertThat(countOps(records, "r")).as("no second snapshot").isEqualTo(snapshotReads);
        JsonNode change = json.readTree(records.stream().filter(r -> r.value() != null && r.value().contains(during))
                .findFirst().orElseThrow().value());
        assertThat(change.get("op").asText()).isEqualTo("c");
        Map<String, Long> perKey = records.stream().filter(r -> r.topic().endsWith(".users") && r.value() != null)
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        System.out.println("users records replayed after the restart (at least once): "
                + perKey.values().stream().filter(n -> n > 1).count());
    }

    /** Rows written from now on are streamed, not read by the initial snapshot: wait until one arrives. */
    private static void awaitStreaming() throws SQLException {
        String marker = "marker-" + UUID.randomUUID();
        execute("INSERT INTO users (id, email) VALUES ('" + marker + "', '" + marker + "@example.com')");
        KafkaRecords.consumeUntil(PREFIX + ".public.users", KafkaRecords.anyValueContains(marker), Duration.ofSeconds(90));
    }

    private static long countOps(List<ConsumerRecord<String, String>> records, String op) {
        return records.stream().filter(r -> r.value() != null && r.value().contains("\"op\":\"" + op + "\"")).count();
    }

    private static Set<String> tablesSeen(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> r.topic().substring(r.topic().lastIndexOf('.') + 1)).collect(Collectors.toSet());
    }

    private static long slotLag() throws SQLException {
        List<String> lag = query("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint "
                + "FROM pg_replication_slots WHERE slot_name = '" + PREFIX + "'");
        return Long.parseLong(lag.get(0));
    }

    private static Config topicConfig(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()));
    }

    private static List<String> query(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

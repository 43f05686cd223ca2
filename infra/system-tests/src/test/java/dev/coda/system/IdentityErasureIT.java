package dev.coda.system;

import static dev.coda.system.AuthAdapter.assertNotFound;
import static dev.coda.system.AuthAdapter.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Deleting a user erases them, for good. Before: the personal data and secrets planted in their profile,
 * account, session and magic-link token rest nowhere in clear, neither in any table of the event store nor in
 * any record of any Kafka topic of the run (name and image excepted on {@code users}, which publishes them on
 * purpose; the email never). After {@code DELETE /api/users/{id}}: the read tables hold nothing of them, not
 * even the magic-link token sent to their email; their {@code users} and {@code ideas} rows get a delete record
 * and a tombstone on Kafka; their tokens are refused; their data key is destroyed while every stored event
 * stays byte for byte as it was. And a rebuild of the read model from the first event brings back another
 * user with their idea and token, decrypted, and nothing of the deleted one.
 */
class IdentityErasureIT extends SystemTest {

    private static final Duration KAFKA = Duration.ofSeconds(90);
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    private static final String IN_A_DAY = Instant.now().plus(Duration.ofDays(1)).toString();

    private final AuthAdapter adapter = new AuthAdapter(system);
    /** Planted values by field that never rest in clear outside the read tables. */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    /** Planted values by field that are sealed in the event store but published on {@code users} on purpose. */
    private final Map<String, String> profile = new LinkedHashMap<>();

    @Test
    void aDeletedUserIsErasedEverywhereAndARebuildDoesNotBringThemBack() throws Exception {
        String email = plant(secrets, "email") + "@example.com";
        String userId = adapter.create("/api/users", Map.of("name", plant(profile, "name"), "email", email,
                "image", "https://img.example.com/" + plant(profile, "image") + ".png")).id();
        adapter.create("/api/accounts", AuthAdapter.account(userId, "github", plant(secrets, "providerAccountId"),
                field -> plant(secrets, field)));
        adapter.create("/api/sessions", Map.of("sessionToken", plant(secrets, "sessionToken"), "userId", userId, "expires", IN_A_DAY));
        String magicToken = plant(secrets, "verificationToken");
        adapter.create("/api/verification-tokens", Map.of("identifier", email, "token", magicToken, "expires", IN_A_DAY));
        String ideaId = createIdea(userId, "An idea of the user to delete");
        String survivorEmail = "survivor-" + UUID.randomUUID() + "@example.com";
        String survivorId = adapter.create("/api/users", Map.of("name", "Survivor", "email", survivorEmail)).id();
        adapter.create("/api/verification-tokens", Map.of("identifier", survivorEmail, "token", "t-" + UUID.randomUUID(),
                "expires", IN_A_DAY));
        String survivorIdeaId = createIdea(survivorId, "An idea of the survivor");
        ok(readOnceCaughtUp("/api/users/" + survivorId, lastEvent()));
        assertRowsOf(userId, email, 1, "before the deletion");

        assertNothingPlantedInTheEventStore();
        assertNothingPlantedOnKafka(userId, List.of(userId, survivorId), List.of(ideaId, survivorIdeaId));

        List<String> eventsBefore = storedEvents();
        long deletion = adapter.change("DELETE", "/api/users/" + userId, null).consistencyToken();
        assertNotFound(readOnceCaughtUp("/api/users/" + userId, deletion));
        assertRowsOf(userId, email, 0, "after the deletion");
        assertThat(system.count("SELECT count(*) FROM verification_tokens WHERE identifier = ?", survivorEmail)).isEqualTo(1);
        assertTheUsersTokensAreRefused(userId);
        assertDeletedAndTombstoned(system.topic("users"), userId);
        assertDeletedAndTombstoned(system.topic("ideas"), ideaId);
        assertCryptoShredded(userId, verificationTokenId(email, magicToken), eventsBefore);

        rebuildTheReadModel();
        JsonNode survivor = ok(readOnceCaughtUp("/api/users/" + survivorId, lastEvent()));
        assertThat(survivor.get("name").asText()).isEqualTo("Survivor");
        assertThat(survivor.get("email").asText()).isEqualTo(survivorEmail);
        assertThat(system.select("SELECT user_id FROM ideas WHERE id = ?::uuid", survivorIdeaId)).containsExactly(survivorId);
        assertThat(system.count("SELECT count(*) FROM verification_tokens WHERE identifier = ?", survivorEmail)).isEqualTo(1);
        assertRowsOf(userId, email, 0, "after the rebuild");
    }

    /** The table dump of the whole {@code eventstore} schema, and each event's payload and metadata as stored. */
    private void assertNothingPlantedInTheEventStore() throws Exception {
        StringBuilder stored = new StringBuilder();
        system.select("SELECT concat_ws(E'\\n', payload, meta_data) FROM eventstore.domain_event_entry")
                .forEach(event -> stored.append(event).append('\n'));
        for (String table : system.select("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = 'eventstore' AND table_type = 'BASE TABLE'""")) {
            system.select("SELECT t::text FROM eventstore.\"" + table + "\" t").forEach(row -> stored.append(row).append('\n'));
        }
        assertThat(stored).as("sealed fields were scanned").contains("aesgcm:");
        assertThat(leaked(stored.toString(), secrets)).as("secrets in clear in the event store").isEmpty();
        assertThat(leaked(stored.toString(), profile)).as("profile in clear in the event store").isEmpty();
    }

    /** Every record of every topic of the run, from the first, once the last event and all rows have arrived. */
    private void assertNothingPlantedOnKafka(String userId, List<String> users, List<String> ideas) throws Exception {
        long lastEvent = lastEvent();
        List<String> topics = system.topics();
        List<ConsumerRecord<String, String>> records = system.consumeUntil(topics, seen ->
                seen.stream().anyMatch(record -> record.topic().equals(system.eventsTopic())
                        && parse(record.value()).path("globalIndex").asLong() >= lastEvent)
                        && users.stream().allMatch(id -> !changesOf(seen, system.topic("users"), id).isEmpty())
                        && ideas.stream().allMatch(id -> !changesOf(seen, system.topic("ideas"), id).isEmpty()), KAFKA);
        assertThat(records).as("the user's sealed events are on %s", system.eventsTopic()).anyMatch(record ->
                record.topic().equals(system.eventsTopic()) && record.key().contains(userId) && record.value().contains("aesgcm:"));

        List<String> leaks = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            String text = record.key() + "\n" + record.value();
            leaked(text, secrets).forEach(field -> leaks.add(field + " on " + record.topic()));
            if (!record.topic().equals(system.topic("users"))) {
                leaked(text, profile).forEach(field -> leaks.add(field + " on " + record.topic()));
            }
        }
        assertThat(leaks).as("planted values in clear in %d records of %s", records.size(), topics).isEmpty();
    }

    private void assertTheUsersTokensAreRefused(String userId) throws Exception {
        String token = TestTokens.user(userId);
        assertThat(system.send("POST", system.commands.url("/api/ideas"), token, "{\"title\":\"After my deletion\"}", Map.of())
                .statusCode()).as("command-service").isEqualTo(401);
        assertThat(system.send("GET", system.queries.url("/api/ideas"), token, null, Map.of()).statusCode())
                .as("query-service").isEqualTo(401);
    }

    /** The row's last two records are its delete record and the tombstone that lets compaction forget it. */
    private void assertDeletedAndTombstoned(String topic, String id) throws Exception {
        List<ConsumerRecord<String, String>> records = system.consumeUntil(topic,
                seen -> changesOf(seen, topic, id).stream().anyMatch(record -> record.value() == null), KAFKA);
        assertThat(changesOf(records, topic, id).stream()
                .map(record -> record.value() == null ? "tombstone" : parse(record.value()).path("op").asText()).toList())
                .as("changes of %s on %s", id, topic).endsWith("d", "tombstone");
    }

    /** The user's and their magic-link token's data keys are gone; the deletion appended one event and changed none. */
    private void assertCryptoShredded(String userId, String magicTokenId, List<String> eventsBefore) throws Exception {
        for (String subject : List.of(userId, magicTokenId)) {
            assertThat(system.count("SELECT count(*) FROM eventstore.data_keys WHERE subject = ? AND wrapped_key IS NULL",
                    subject)).as("destroyed data key of %s", subject).isEqualTo(1);
        }
        List<String> events = storedEvents();
        assertThat(events).hasSize(eventsBefore.size() + 1);
        assertThat(events.subList(0, eventsBefore.size())).as("the events before the deletion").isEqualTo(eventsBefore);
        assertThat(events.get(eventsBefore.size())).contains(userId).contains("UserDeleted");
    }

    /**
     * Rebuilds the read model from the first event, as after losing it: with the query-service stopped, its
     * tracking tokens and read tables are emptied ({@code users} cascades to everything users own); started
     * again, it finds no token and replays the event store from the start.
     */
    private void rebuildTheReadModel() throws Exception {
        system.stopQueries();
        system.execute("DELETE FROM token_entry", "DELETE FROM verification_tokens", "DELETE FROM users");
        assertThat(system.count("SELECT count(*) FROM ideas")).as("ideas left before the rebuild").isZero();
        system.startQueries();
    }

    /** The user's rows in each read table, found by their id (or owner) and email, number {@code expected}. */
    private void assertRowsOf(String userId, String email, long expected, String when) throws Exception {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("users", system.count("SELECT count(*) FROM users WHERE id = ? OR email = ?", userId, email));
        for (String table : List.of("accounts", "sessions", "ideas")) {
            rows.put(table, system.count("SELECT count(*) FROM " + table + " WHERE user_id = ?", userId));
        }
        rows.put("verification_tokens", system.count("SELECT count(*) FROM verification_tokens WHERE identifier = ?", email));
        assertThat(rows).as("the user's rows %s", when).allSatisfy((table, count) -> assertThat(count).as(table).isEqualTo(expected));
    }

    /** A query-service read once the read model has passed {@code consistencyToken}, however long the 503s last. */
    private HttpResponse<String> readOnceCaughtUp(String path, long consistencyToken) throws Exception {
        Instant deadline = Instant.now().plus(CATCH_UP);
        HttpResponse<String> response = adapter.read(path, consistencyToken);
        while (response.statusCode() == 503) {
            assertThat(Instant.now()).as("read model caught up with event %d", consistencyToken).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // poll interval; each read already waits up to 5 s
            response = adapter.read(path, consistencyToken);
        }
        return response;
    }

    private String createIdea(String userId, String title) throws Exception {
        HttpResponse<String> created = system.send("POST", system.commands.url("/api/ideas"), TestTokens.user(userId),
                AuthAdapter.json.writeValueAsString(Map.of("title", title)), Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return parse(created.body()).get("id").asText();
    }

    /** Every stored event as a row of text, in the order of the store. */
    private static List<String> storedEvents() throws Exception {
        return system.select("SELECT e::text FROM eventstore.domain_event_entry e ORDER BY global_index");
    }

    private static long lastEvent() throws Exception {
        return system.count("SELECT max(global_index) FROM eventstore.domain_event_entry");
    }

    /** A verification token's aggregate id and data key subject, as the command-service derives it. */
    private static String verificationTokenId(String identifier, String token) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest((identifier + '\n' + token).getBytes(StandardCharsets.UTF_8));
        return "verification:" + HexFormat.of().formatHex(hash);
    }

    private static List<ConsumerRecord<String, String>> changesOf(List<ConsumerRecord<String, String>> records,
                                                                 String topic, String id) {
        return records.stream().filter(record -> record.topic().equals(topic) && record.key().contains(id)).toList();
    }

    /** A unique value for {@code field}, remembered in {@code planted} to be searched for. */
    private static String plant(Map<String, String> planted, String field) {
        String value = "planted-" + field + "-" + UUID.randomUUID();
        planted.put(field, value);
        return value;
    }

    /** The fields whose planted values occur in {@code text}. */
    private static List<String> leaked(String text, Map<String, String> planted) {
        return planted.entrySet().stream().filter(entry -> text.contains(entry.getValue())).map(Map.Entry::getKey).toList();
    }

    private static JsonNode parse(String value) {
        try {
            return AuthAdapter.json.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

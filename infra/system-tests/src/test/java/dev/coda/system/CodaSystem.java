package dev.coda.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import dev.coda.testsupport.TestTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The whole system for one test class: a database of its own, the three services as separate processes,
 * and topics under a prefix of its own, so classes never see each other's records.
 */
final class CodaSystem implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    /** WAL the relay may still have to read when it counts as caught up: what other writers add meanwhile. */
    private static final long RELAY_SLACK_BYTES = 1 << 20;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    final String prefix;
    private final TestTopics topics;
    final TestDatabase database;
    final ServiceProcess commands;
    /** Not final: {@link #startQueries()} replaces it with the restarted process. */
    ServiceProcess queries;
    final ServiceProcess relay;

    private CodaSystem(TestTopics topics, TestDatabase database, ServiceProcess commands, ServiceProcess queries,
                       ServiceProcess relay) {
        this.prefix = topics.prefix();
        this.topics = topics;
        this.database = database;
        this.commands = commands;
        this.queries = queries;
        this.relay = relay;
    }

    static CodaSystem start() throws Exception {
        TestDatabase database = TestInfrastructure.postgres().createDatabase("system");
        var server = database.server();
        List<String> datasource = List.of(
                "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + server.user(),
                "spring.datasource.password=" + server.password(),
                "coda.security.jwt.secret=" + TestTokens.SECRET,
                "coda.secrets.master-key=" + TestTokens.MASTER_KEY);
        var root = TestInfrastructure.projectRoot();
        ServiceProcess commands = ServiceProcess.start(root, "command-service", datasource).awaitHealthy(STARTUP);
        ServiceProcess queries = ServiceProcess.start(root, "query-service", datasource).awaitHealthy(STARTUP);
        TestTopics topics = TestTopics.create("systest");
        ServiceProcess relay = ServiceProcess.start(root, "cdc-relay", relayProperties(database, topics.prefix()))
                .awaitHealthy(STARTUP);
        CodaSystem system = new CodaSystem(topics, database, commands, queries, relay);
        system.awaitReplicationSlot(STARTUP);
        return system;
    }

    /** The relay's settings for {@code database}, with topics, slot and publication named by {@code prefix}. */
    static List<String> relayProperties(TestDatabase database, String prefix) {
        var server = database.server();
        return List.of(
                "spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                "coda.relay.database.host=" + server.host(),
                "coda.relay.database.port=" + server.port(),
                "coda.relay.database.name=" + database.name(),
                "coda.relay.database.user=" + server.user(),
                "coda.relay.database.password=" + server.password(),
                "coda.relay.topic-prefix=" + prefix,
                "coda.relay.slot-name=" + prefix,
                "coda.relay.publication-name=" + prefix,
                "coda.relay.offsets-topic=" + prefix + "-offsets");
    }

    String topic(String table) {
        return prefix + ".public." + table;
    }

    /** The topic of the domain events, {@code <prefix>.events}. */
    String eventsTopic() {
        return prefix + ".events";
    }

    /** Every topic whose name holds this system's prefix: table topics, events, the relay's offsets. */
    List<String> topics() {
        return topics.names();
    }

    /** A new user, registered through the command API as the auth adapter registers one; the user's id. */
    String newUser() throws Exception {
        HttpResponse<String> created = send("POST", commands.url("/api/users"), TestTokens.authAdapter(),
                "{\"email\":\"user-" + UUID.randomUUID() + "@example.com\"}", Map.of());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("registering a user answered " + created.statusCode() + ": " + created.body());
        }
        return json.readTree(created.body()).get("id").asText();
    }

    /** {@code count} new users ({@link #newUser()}); their ids. */
    List<String> newUsers(int count) throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(newUser());
        }
        return users;
    }

    /** {@code count} new users ({@link #newUser()}); a token of each. */
    List<String> tokensOfNewUsers(int count) throws Exception {
        return newUsers(count).stream().map(TestTokens::user).toList();
    }

    HttpResponse<String> send(String method, String url, String token, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Consumes {@code topic} from the start until the records seen satisfy {@code done}, within {@code timeout}. */
    List<ConsumerRecord<String, String>> consumeUntil(String topic, Predicate<List<ConsumerRecord<String, String>>> done,
                                                     Duration timeout) throws Exception {
        return consumeUntil(List.of(topic), done, timeout);
    }

    /** Consumes {@code topics} from the start until the records seen satisfy {@code done}, within {@code timeout}. */
    List<ConsumerRecord<String, String>> consumeUntil(Collection<String> topics,
                                                     Predicate<List<ConsumerRecord<String, String>>> done,
                                                     Duration timeout) throws Exception {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = Consumers.fromTheStart()) {
            consumer.subscribe(topics);
            while (!done.test(seen)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Only " + seen.size() + " records on " + topics + " within " + timeout
                            + "; relay log:\n" + relay.tail());
                }
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
            }
        }
        return seen;
    }

    /** The first column of every row {@code sql} selects, as text; {@code parameters} fill its {@code ?}s in order. */
    List<String> select(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    /** The one number {@code sql} selects, such as a {@code count(*)}. */
    long count(String sql, Object... parameters) throws SQLException {
        return Long.parseLong(select(sql, parameters).get(0));
    }

    /** Runs {@code statements} in one transaction. */
    void execute(String... statements) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
        }
    }

    /** Stops the query-service (gracefully, as a deployment would) until {@link #startQueries()}. */
    void stopQueries() throws InterruptedException {
        queries.close();
    }

    /** Starts the stopped query-service again, same command, same port, and waits until it is healthy. */
    void startQueries() throws Exception {
        queries = queries.restart().awaitHealthy(STARTUP);
    }

    /**
     * Waits until the relay's slot is within {@value #RELAY_SLACK_BYTES} bytes of the WAL's end: the relay has
     * published what was written, and the machine is quiet again for a measurement.
     */
    void awaitRelayCaughtUp(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) FROM pg_replication_slots
                     WHERE slot_name = ?""")) {
            statement.setString(1, prefix);
            long behind = Long.MAX_VALUE;
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet row = statement.executeQuery()) {
                    behind = row.next() ? row.getLong(1) : Long.MAX_VALUE;
                }
                if (behind <= RELAY_SLACK_BYTES) {
                    return;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // poll interval
            }
            throw new AssertionError("The relay was still " + behind + " bytes behind after " + timeout);
        }
    }

    private void awaitReplicationSlot(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND active")) {
            statement.setString(1, prefix);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll interval
            }
        }
        throw new AssertionError("The relay did not open replication slot " + prefix + "; relay log:\n" + relay.tail());
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {relay, queries, commands}) {
            service.close();
        }
        database.close();
        topics.close();
    }
}

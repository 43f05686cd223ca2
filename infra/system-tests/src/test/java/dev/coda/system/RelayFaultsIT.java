package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTopics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's guarantee under faults: while a stream of single-row inserts runs, one fault strikes (the relay
 * process is killed with SIGKILL and started again; the Kafka broker is restarted; PostgreSQL is restarted);
 * afterwards every row of the table is on Kafka (none missing), and the duplicates that at-least-once
 * allows are counted and printed. The stream's length is {@code -Dcoda.faults.rows} (100,000 by default,
 * about 90 s a fault on 2 cores; a quicker run is
 * {@code mvn -B -o verify -pl infra/system-tests -Dit.test=RelayFaultsIT -Dcoda.faults.rows=20000}). The
 * servers are restarted with {@code infra/coda restart}, on their own data, as an operator would.
 */
class RelayFaultsIT {

    private static final int ROWS = Integer.getInteger("coda.faults.rows", 100_000);
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final ObjectMapper json = new ObjectMapper();

    private final TestTopics topics = TestTopics.create("faults");
    private final String prefix = topics.prefix();
    private final TestDatabase database = TestInfrastructure.postgres().createDatabase("relay_faults");
    private ServiceProcess relay;

    @AfterEach
    void stop() throws Exception {
        if (relay != null) {
            relay.close();
        }
        database.close();
        topics.close();
    }

    @Test
    void everyRowReachesKafkaWhenTheRelayIsKilledMidStream() throws Exception {
        streamWith("relay killed with SIGKILL", () -> {
            assertThat(relay.kill()).as("the relay's exit code: killed by SIGKILL").isEqualTo(137);
            relay = relay.restart().awaitHealthy(STARTUP);
        });
    }

    @Test
    void everyRowReachesKafkaWhenTheBrokerRestartsMidStream() throws Exception {
        streamWith("Kafka broker restarted", () -> restart("kafka"));
    }

    @Test
    void everyRowReachesKafkaWhenPostgresRestartsMidStream() throws Exception {
        streamWith("PostgreSQL restarted", () -> restart("postgres"));
    }

    /** Starts the relay and the insert stream, lets {@code fault} strike a third of the way in, then checks Kafka. */
    private void streamWith(String fault, Fault strike) throws Exception {
        database.createEventStore(); // captured beside the table: the relay waits until every captured table exists
        execute("CREATE TABLE stream_rows (id bigint PRIMARY KEY, payload text NOT NULL)");
        relay = startRelay();
        awaitStreaming();

        AtomicLong inserted = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> insertRows(inserted));
        awaitAtLeast(inserted, ROWS / 3, writer);
        long struckAt = inserted.get();
        strike.run();
        writer.join();

        report(fault + " after " + struckAt + " inserts", consumeAllRows());
    }

    private interface Fault {
        void run() throws Exception;
    }

    /** Restarts {@code component} with {@code infra/coda}, and checks that another process runs it afterwards. */
    private static void restart(String component) throws Exception {
        String before = pidOf(component);
        infraCoda("restart", component);
        assertThat(pidOf(component)).as("%s's process after its restart", component).isNotEqualTo(before);
    }

    /** The process id {@code infra/coda status} shows for a component it runs. */
    private static String pidOf(String component) throws Exception {
        Matcher line = Pattern.compile("^" + component + " +running +pid (\\d+)", Pattern.MULTILINE).matcher(infraCoda("status"));
        assertThat(line.find()).as("infra/coda runs %s", component).isTrue();
        return line.group(1);
    }

    /** Runs {@code infra/coda}; what it printed. */
    private static String infraCoda(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(TestInfrastructure.projectRoot().resolve("infra/coda").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).as("infra/coda %s finished", arguments).isTrue();
        assertThat(process.exitValue()).as("infra/coda %s", List.of(arguments)).isZero();
        return output;
    }

    private ServiceProcess startRelay() throws Exception {
        List<String> properties = new java.util.ArrayList<>(CodaSystem.relayProperties(database, prefix));
        properties.addAll(List.of("coda.relay.tables=public.stream_rows", "coda.relay.restart-backoff=1s"));
        return ServiceProcess.start(TestInfrastructure.projectRoot(), "cdc-relay", properties).awaitHealthy(STARTUP);
    }

    /** Row 0 is the marker: once it is on Kafka, the relay streams and the insert stream can start. */
    private void awaitStreaming() throws Exception {
        execute("INSERT INTO stream_rows VALUES (0, 'marker')");
        Map<Long, Integer> seen = new HashMap<>();
        consume(seen, () -> seen.containsKey(0L), STARTUP);
    }

    /**
     * Rows 1..ROWS, one transaction each (autocommit), as fast as one connection goes. When the connection
     * breaks (PostgreSQL restarting), it reconnects and goes on with the row it was at: a row whose commit
     * happened but was not acknowledged is not inserted twice.
     */
    private void insertRows(AtomicLong inserted) {
        Instant outageDeadline = null;
        long rowsAtOutage = -1;
        while (inserted.get() < ROWS) {
            try (Connection connection = database.connect();
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO stream_rows VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
                for (long id = inserted.get() + 1; id <= ROWS; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, "row " + id + " of a stream of single-row transactions");
                    insert.executeUpdate();
                    inserted.set(id);
                }
            } catch (java.sql.SQLException e) {
                if (inserted.get() != rowsAtOutage) {
                    rowsAtOutage = inserted.get();
                    outageDeadline = Instant.now().plus(STARTUP);
                } else if (Instant.now().isAfter(outageDeadline)) {
                    throw new IllegalStateException("the insert stream stopped after " + inserted.get() + " rows", e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // reconnect backoff
            }
        }
    }

    private static void awaitAtLeast(AtomicLong inserted, long rows, CompletableFuture<Void> writer) {
        Instant deadline = Instant.now().plus(STARTUP);
        while (inserted.get() < rows) {
            assertThat(writer).isNotCompletedExceptionally();
            assertThat(Instant.now()).as("%d rows inserted so far", inserted.get()).isBefore(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos()); // poll interval
        }
    }

    /** Every row id of the table with the number of times it is on Kafka. */
    private Map<Long, Integer> consumeAllRows() throws Exception {
        long rows = Long.parseLong(query("SELECT count(*) FROM stream_rows"));
        Map<Long, Integer> seen = new HashMap<>();
        consume(seen, () -> seen.size() >= rows, Duration.ofSeconds(180));
        return seen;
    }

    private void report(String fault, Map<Long, Integer> seen) throws Exception {
        List<Long> inTable = query("SELECT string_agg(id::text, ',') FROM stream_rows").lines()
                .flatMap(line -> java.util.Arrays.stream(line.split(","))).map(Long::parseLong).toList();
        List<Long> missing = inTable.stream().filter(id -> !seen.containsKey(id)).toList();
        Map<Long, Integer> duplicates = seen.entrySet().stream().filter(entry -> entry.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        long extra = duplicates.values().stream().mapToLong(count -> count - 1).sum();
        System.out.printf("%s: %d rows in the table, %d on Kafka, %d missing, %d rows duplicated (%d extra records)%n",
                fault, inTable.size(), seen.size(), missing.size(), duplicates.size(), extra);
        if (!duplicates.isEmpty()) {
            List<Long> ids = duplicates.keySet().stream().sorted().toList();
            System.out.printf("duplicated ids: %d..%d, e.g. %s%n", ids.get(0), ids.get(ids.size() - 1),
                    ids.subList(0, Math.min(20, ids.size())));
        }
        assertThat(missing).as("rows on Kafka after: " + fault).isEmpty();
        assertThat(inTable).hasSize(ROWS + 1);
    }

    private void consume(Map<Long, Integer> seen, java.util.function.BooleanSupplier done, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = Consumers.fromTheStart()) {
            consumer.subscribe(List.of(prefix + ".public.stream_rows"));
            while (!done.getAsBoolean()) {
                assertThat(Instant.now()).as("%d distinct rows on Kafka so far; relay log:%n%s", seen.size(),
                        relay.tail()).isBefore(deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    if (record.value() != null) {
                        seen.merge(json.readTree(record.key()).get("id").asLong(), 1, Integer::sum);
                    }
                }
            }
        }
    }

    private String query(String sql) throws Exception {
        return database.queryText(sql);
    }

    private void execute(String sql) throws Exception {
        database.execute(sql);
    }
}

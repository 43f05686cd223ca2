package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a timed test: how fast the relay drains a bulk change to Kafka, beside how fast
 * {@code pg_recvlogical} drains the same change from a second slot of the same publication and a real Kafka
 * Connect worker drains it with the same connector file and the same tuning, from a third slot, in the same
 * run; and how long a change takes from its commit to its record on Kafka at a steady rate, with the relay's
 * shipped settings, with Debezium's defaults, and through the Kafka Connect worker, with the relay's
 * stop-the-world collections while its latency was measured (a pause holds every change in flight). Every
 * reader's latency is measured on a broker, database and harness warmed by a round of the relay's that is not
 * counted, and on a reader of its own that a round of its own warmed up (JIT). The bulk
 * change is written while every reader is stopped, so each starts with the whole change waiting in its slot.
 * In the suite it runs at smoke size; the full run is {@code mvn -B verify -pl infra/system-tests
 * -Dit.test=RelayBenchmarkIT -Dcoda.bench.relay.rows=1000000 -Dcoda.bench.relay.latency-seconds=20}.
 */
class RelayBenchmarkIT {

    private static final int ROWS = Integer.getInteger("coda.bench.relay.rows", 10_000);
    private static final int LATENCY_SECONDS = Integer.getInteger("coda.bench.relay.latency-seconds", 3);
    private static final int CHANGES_PER_SECOND = 1_000;
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofMinutes(15);
    /** What the relay ran with before it was tuned: Debezium's own defaults for the settings that matter. */
    private static final List<String> DEBEZIUM_DEFAULTS = List.of(
            "coda.relay.connector.poll.interval.ms=500",
            "coda.relay.connector.max.batch.size=2048",
            "coda.relay.connector.max.queue.size=8192");
    /** The worker's producer gets the relay's settings; the connector's tuning is in the file they share. */
    private static final String CONNECT_TABLES = "public.bench_single,public.bench_batch,public.bench_latency";
    private static final List<String> CONNECT_TUNING = List.of("producer.linger.ms=1", "producer.acks=all",
            "producer.enable.idempotence=true");
    private static final ObjectMapper json = new ObjectMapper();

    private final TestTopics topics = TestTopics.create("bench");
    private final String prefix = topics.prefix();
    private final TestDatabase database = TestInfrastructure.postgres().createDatabase("relay_bench");
    private ServiceProcess relay;

    @AfterEach
    void stop() throws Exception {
        stopRelay();
        database.close();
        topics.close();
    }

    @Test
    void printsDrainRatesBesidePgRecvlogicalAndCommitToKafkaLatency() throws Exception {
        database.createEventStore(); // captured beside the tables: the relay waits until every captured table exists
        for (String table : List.of("bench_single", "bench_batch", "bench_latency")) {
            execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, payload text NOT NULL)");
        }
        ConnectWorker.start(database, connectPrefix(), CONNECT_TABLES, CONNECT_TUNING, STARTUP).close();
        int changes = LATENCY_SECONDS * CHANGES_PER_SECOND;
        // a first round, not counted, warms what every reader shares (the broker, the database, this harness's writer
        // and consumer), so that the reader measured first does not pay for their warm-up
        startRelay(List.of());
        awaitMarker(topic("bench_latency"), -4);
        warmLatency(topic("bench_latency"), 6 * changes + 1);
        stopRelay();
        startRelay(List.of());
        awaitMarker(topic("bench_latency"), -1);
        Latency shipped = warmLatency(topic("bench_latency"), 1);
        stopRelay();
        startRelay(DEBEZIUM_DEFAULTS);
        awaitMarker(topic("bench_latency"), -2);
        Latency defaults = warmLatency(topic("bench_latency"), 2 * changes + 1);
        stopRelay();
        Latency connect;
        try (ConnectWorker worker = ConnectWorker.start(database, connectPrefix(), CONNECT_TABLES, CONNECT_TUNING, STARTUP)) {
            awaitMarker(connectPrefix() + ".public.bench_latency", -3);
            connect = warmLatency(connectPrefix() + ".public.bench_latency", 4 * changes + 1);
        }
        Drain single = drain("bench_single", 1);
        Drain batched = drain("bench_batch", 1_000);

        System.out.printf("%nRELAY (%,d rows of ~120 B; %d cores; pg_recvlogical reads a second slot of the same publication)%n",
                ROWS, Runtime.getRuntime().availableProcessors());
        System.out.printf("  %-26s %14s %16s %8s %16s %8s %14s%n", "bulk change", "relay rows/s", "pg_recvlogical", "ratio",
                "Kafka Connect", "ratio", "written rows/s");
        for (Drain drain : List.of(single, batched)) {
            System.out.printf("  %-26s %,14.0f %,16.0f %7.2fx %,16.0f %7.2fx %,14.0f%n", drain.shape(), drain.relay(),
                    drain.recvlogical(), drain.relay() / drain.recvlogical(), drain.connect(),
                    drain.connect() / drain.recvlogical(), drain.written());
        }
        System.out.printf("  commit -> Kafka at %,d changes/s for %d s, after as long to warm up (single-row transactions):%n",
                CHANGES_PER_SECOND, LATENCY_SECONDS);
        print("shipped settings", shipped);
        print("Debezium defaults", defaults);
        print("Kafka Connect (tuned)", connect);
        System.out.println();
        List<BenchmarkReport.Figure> figures = new ArrayList<>();
        for (Drain drain : List.of(single, batched)) {
            figures.add(BenchmarkReport.Figure.against(drain.shape() + ": relay", drain.relay(), "rows/s", "pg_recvlogical",
                    drain.recvlogical()));
            figures.add(BenchmarkReport.Figure.against(drain.shape() + ": Kafka Connect", drain.connect(), "rows/s",
                    "pg_recvlogical", drain.recvlogical()));
        }
        figures.add(BenchmarkReport.Figure.against("commit -> Kafka p50", shipped.p50(), "ms", "Kafka Connect (tuned)", connect.p50()));
        figures.add(BenchmarkReport.Figure.against("commit -> Kafka p99", shipped.p99(), "ms", "Kafka Connect (tuned)", connect.p99()));
        figures.add(BenchmarkReport.Figure.against("commit -> Kafka p99, Debezium defaults", defaults.p99(), "ms",
                "Kafka Connect (tuned)", connect.p99()));
        figures.add(BenchmarkReport.Figure.of("relay GC pause time while its latency was measured", shipped.relayGc().millis(), "ms"));
        BenchmarkReport.add(new BenchmarkReport.Section("CDC relay", String.format("Bulk change of %,d rows of ~120 B, drained by"
                + " the relay, by pg_recvlogical from a second slot and by a tuned Kafka Connect worker with the same connector"
                + " config; latency at %,d changes/s for %d s after as long a warm-up. Goals: relay >= 0.7x pg_recvlogical,"
                + " p99 no worse than the worker's.", ROWS, CHANGES_PER_SECOND, LATENCY_SECONDS), figures, List.of(
                BenchmarkReport.Goal.ratioAtLeast("single-row transactions: relay", 0.7),
                BenchmarkReport.Goal.ratioAtLeast("1000-row transactions: relay", 0.7),
                BenchmarkReport.Goal.ratioAtMost("commit -> Kafka p99", 1))));
        assertThat(single.relay()).as("every row arrived, so a rate exists").isPositive();
        assertThat(batched.relay()).isPositive();
    }

    private static void print(String reader, Latency latency) {
        System.out.printf("    %-24s p50 %6.1f ms   p99 %6.1f ms   max %6.1f ms%s%n", reader, latency.p50(), latency.p99(), latency.max(),
                latency.relayGc() == null ? "" : "   relay GC: " + latency.relayGc());
    }

    private record Drain(String shape, double relay, double recvlogical, double connect, double written) {
    }

    /** Milliseconds from commit to Kafka; {@code relayGc}: the relay's collections while they were measured, if it ran. */
    private record Latency(double p50, double p99, double max, ServiceProcess.GcPauses relayGc) {
    }

    /**
     * Writes a {@value #ROWS}-row bulk change in transactions of {@code rowsPerTransaction} while every reader
     * is stopped, lets {@code pg_recvlogical} drain it from a slot created just before, then starts the relay,
     * then the Kafka Connect worker, and times each from the change's first record on Kafka to its last.
     */
    private Drain drain(String table, int rowsPerTransaction) throws Exception {
        String slot = prefix + "_" + table;
        query("SELECT lsn::text FROM pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        double written = write(table, rowsPerTransaction);
        String endOfChange = query("SELECT pg_current_wal_lsn()::text");
        double recvlogical = pgRecvlogical(slot, endOfChange);
        query("SELECT pg_drop_replication_slot('" + slot + "')::text");

        double relayRate = drainRate(topic(table), () -> startRelay(List.of()), this::stopRelay);
        ConnectWorker[] worker = new ConnectWorker[1];
        double connectRate = drainRate(connectPrefix() + ".public." + table,
                () -> worker[0] = ConnectWorker.start(database, connectPrefix(), CONNECT_TABLES, CONNECT_TUNING, STARTUP),
                () -> worker[0].close());
        String shape = rowsPerTransaction == 1 ? "single-row transactions" : rowsPerTransaction + "-row transactions";
        return new Drain(shape, relayRate, recvlogical, connectRate, written);
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * Rows per second on {@code topic} from the first record of the change seen to its last, once {@code start} ran:
     * the records already there when the first was seen (the watch looks every 5 ms) are not counted, since their
     * time is not.
     * It watches the topic's end offsets rather than reading the records, so the measurement does not take CPU
     * from what it measures (RelayFaultsIT compares the records row by row).
     */
    private double drainRate(String topic, Step start, Step stop) throws Exception {
        try (KafkaConsumer<String, String> consumer = Consumers.fromTheStart()) {
            start.run();
            long first = 0;
            long atFirst = 0;
            long records = 0;
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (records < ROWS) {
                assertThat(System.nanoTime()).as("%,d of %,d rows on %s", records, ROWS, topic).isLessThan(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // the watch's resolution, not a synchronization
                List<TopicPartition> partitions = consumer.listTopics().getOrDefault(topic, List.of()).stream()
                        .map(partition -> new TopicPartition(topic, partition.partition())).toList();
                records = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                if (first == 0 && records > 0) {
                    first = System.nanoTime();
                    atFirst = records;
                }
            }
            long last = System.nanoTime();
            stop.run();
            return (ROWS - atFirst) / seconds(last - first);
        }
    }

    /** Rows 1..ROWS in one server-side loop that commits every {@code rowsPerTransaction} rows; returns rows/s. */
    private double write(String table, int rowsPerTransaction) throws Exception {
        execute("""
                CREATE PROCEDURE fill_%1$s(total bigint, per_transaction int) LANGUAGE plpgsql AS $$
                BEGIN
                    FOR i IN 1..total LOOP
                        INSERT INTO %1$s VALUES (i, 'row ' || i || ' of a bulk change through logical replication, padded to about 120 bytes');
                        IF i %% per_transaction = 0 THEN COMMIT; END IF;
                    END LOOP;
                    COMMIT;
                END $$""".formatted(table));
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = off"); // the same WAL, written without waiting for each flush
            long start = System.nanoTime();
            statement.execute("CALL fill_" + table + "(" + ROWS + ", " + rowsPerTransaction + ")");
            return ROWS / seconds(System.nanoTime() - start);
        }
    }

    /** Rows per second {@code pg_recvlogical} drains from {@code slot} up to {@code endOfChange}, discarding them. */
    private double pgRecvlogical(String slot, String endOfChange) throws Exception {
        var server = database.server();
        ProcessBuilder recvlogical = new ProcessBuilder(pgBin("pg_recvlogical"), "--no-loop",
                "-h", server.host(), "-p", Integer.toString(server.port()), "-U", server.user(), "-d", database.name(),
                "--slot=" + slot, "--start", "--endpos=" + endOfChange, "-f", "/dev/null",
                "-o", "proto_version=1", "-o", "publication_names=" + prefix)
                .redirectErrorStream(true);
        recvlogical.environment().put("PGPASSWORD", server.password());
        long start = System.nanoTime();
        Process process = ChildProcesses.start(recvlogical);
        assertThat(process.waitFor(DRAIN.toMinutes(), TimeUnit.MINUTES)).as("pg_recvlogical reached the end of the change").isTrue();
        long elapsed = System.nanoTime() - start;
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
        return ROWS / seconds(elapsed);
    }

    /** {@link #latency} after a run of the same length that warms the reader up (JIT) and is not counted. */
    private Latency warmLatency(String topic, int firstId) throws Exception {
        latency(topic, firstId);
        return latency(topic, firstId + LATENCY_SECONDS * CHANGES_PER_SECOND);
    }

    /**
     * Commit-to-Kafka latency of single-row inserts at {@value #CHANGES_PER_SECOND} a second, ids from
     * {@code firstId}: each commit's return is stamped, each record's arrival at a consumer that already sits
     * at the topic's end is stamped, both on this JVM's clock.
     */
    private Latency latency(String topic, int firstId) throws Exception {
        int changes = LATENCY_SECONDS * CHANGES_PER_SECOND;
        long[] committed = new long[changes];
        long[] received = new long[changes];
        ServiceProcess.GcPauses relayGcBefore = relay == null ? null : relay.gcPauses();
        try (KafkaConsumer<String, String> consumer = Consumers.fromTheStart()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(partition.topic(), partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            AtomicBoolean writing = new AtomicBoolean(true);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    writeSteadily(firstId, committed);
                } finally {
                    writing.set(false);
                }
            });
            int arrived = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(LATENCY_SECONDS).plus(STARTUP).toNanos();
            while (arrived < changes) {
                assertThat(System.nanoTime()).as("%d of %d changes on Kafka", arrived, changes).isLessThan(deadline);
                assertThat(writer).isNotCompletedExceptionally();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    int index = (int) (id(record) - firstId);
                    if (record.value() != null && index >= 0 && index < changes && received[index] == 0) {
                        received[index] = now;
                        arrived++;
                    }
                }
            }
            writer.join();
        }
        double[] millis = new double[changes];
        for (int i = 0; i < changes; i++) {
            millis[i] = (received[i] - committed[i]) / 1e6;
        }
        Arrays.sort(millis);
        return new Latency(millis[changes / 2], millis[(int) Math.ceil(changes * 0.99) - 1], millis[changes - 1],
                relay == null ? null : relay.gcPauses().since(relayGcBefore));
    }

    private void writeSteadily(int firstId, long[] committed) {
        long interval = TimeUnit.SECONDS.toNanos(1) / CHANGES_PER_SECOND;
        try (Connection connection = database.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_latency VALUES (?, 'a steady change')")) {
            long start = System.nanoTime();
            for (int i = 0; i < committed.length; i++) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime()); // the steady rate's schedule, not a synchronization
                }
                insert.setLong(1, firstId + i);
                insert.executeUpdate();
                committed[i] = System.nanoTime();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the steady writer stopped", e);
        }
    }

    private void startRelay(List<String> overrides) throws Exception {
        List<String> properties = new ArrayList<>(CodaSystem.relayProperties(database, prefix));
        properties.add("coda.relay.tables=public.bench_single,public.bench_batch,public.bench_latency");
        properties.addAll(overrides);
        relay = ServiceProcess.start(TestInfrastructure.projectRoot(), "cdc-relay", properties).awaitHealthy(STARTUP);
    }

    private void stopRelay() throws Exception {
        if (relay != null) {
            relay.close();
            relay = null;
        }
    }

    /** Inserts the marker row {@code id} into bench_latency: once it is on {@code topic}, its reader streams. */
    private void awaitMarker(String topic, long id) throws Exception {
        execute("INSERT INTO bench_latency VALUES (" + id + ", 'marker')");
        try (KafkaConsumer<String, String> consumer = Consumers.fromTheStart()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + STARTUP.toNanos();
            boolean seen = false;
            while (!seen) {
                assertThat(System.nanoTime()).as("marker %d on %s", id, topic).isLessThan(deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    seen |= id(record) == id;
                }
            }
        }
    }

    private String connectPrefix() {
        return prefix + "connect";
    }

    private String topic(String table) {
        return prefix + ".public." + table;
    }

    private static long id(ConsumerRecord<String, String> record) {
        try {
            return json.readTree(record.key()).get("id").asLong();
        } catch (Exception e) {
            throw new IllegalStateException("a record key that is not {\"id\":...}: " + record.key(), e);
        }
    }

    private static String pgBin(String tool) throws Exception {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin").resolve(tool)).filter(Files::isExecutable)
                    .max(Path::compareTo).map(Path::toString).orElse(tool);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private String query(String sql) throws Exception {
        return database.queryText(sql);
    }

    private void execute(String sql) throws Exception {
        database.execute(sql);
    }
}

package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a timed test: log lines per second end to end (runner HTTP batches in, rows in
 * {@code dev_logs} out, the relay publishing them meanwhile) beside a raw batched INSERT of the same rows in
 * the same run and database. Each client streams the logs of its own running job, as separate runners do:
 * the batches of one job are serialized by its aggregate, so one job's rate is bounded by commit latency. In the
 * suite it runs as a smoke test with {@value #SMOKE_LINES} lines so the harness cannot rot; the full run is
 * {@code mvn -B verify -pl infra/system-tests -Dit.test=LogThroughputBenchmarkIT -Dcoda.bench.lines=1000000}.
 */
class LogThroughputBenchmarkIT extends SystemTest {

    private static final int SMOKE_LINES = 20_000;
    private static final int LINES = Integer.getInteger("coda.bench.lines", SMOKE_LINES);
    private static final int BATCH = 1_000;
    private static final int CLIENTS = Integer.getInteger("coda.bench.clients", 4);
    private static final ObjectMapper json = new ObjectMapper();

    @Test
    void printsLogLinesPerSecondEndToEndBesideARawBatchedInsert() throws Exception {
        double raw = rawInsertLinesPerSecond();
        double endToEnd = endToEndLinesPerSecond();

        System.out.printf("%nLOG THROUGHPUT (%d lines, batches of %d, %d clients each on its own job, %d cores)%n", LINES, BATCH, CLIENTS,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("  raw batched INSERT into dev_logs shape : %,10.0f lines/s%n", raw);
        System.out.printf("  HTTP -> event store -> dev_logs        : %,10.0f lines/s (%.2fx raw)%n%n", endToEnd, endToEnd / raw);
        assertThat(endToEnd).as("every line arrived, so a rate exists").isPositive();
    }

    private double endToEndLinesPerSecond() throws Exception {
        String user = body(system.send("POST", system.commands.url("/api/users"), TestTokens.authAdapter(),
                "{\"email\":\"bench-" + UUID.randomUUID() + "@example.com\"}", Map.of())).get("id").asText();
        String token = TestTokens.user(user);
        String idea = body(system.send("POST", system.commands.url("/api/ideas"), token, "{\"title\":\"bench\"}", Map.of())).get("id").asText();
        String runner = pairRunner(token);
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String job = body(system.send("POST", system.commands.url("/api/ideas/" + idea + "/jobs"), token,
                    "{\"command\":\"bench\"}", Map.of())).get("id").asText();
            body(system.send("POST", system.commands.url("/api/runner/jobs/" + job + "/start"), runner, null, Map.of()));
            jobs.add(job);
        }
        String batch = batchBody();

        Instant start = Instant.now();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger batchesLeft = new AtomicInteger(LINES / BATCH);
        List<Future<?>> work = new ArrayList<>();
        for (String job : jobs) {
            work.add(clients.submit(() -> {
                while (batchesLeft.getAndDecrement() > 0) {
                    body(system.send("POST", system.commands.url("/api/runner/jobs/" + job + "/logs"), runner, batch, Map.of()));
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        clients.shutdown();
        awaitRows(jobs, (LINES / BATCH) * BATCH, Duration.ofMinutes(10));
        return (LINES / BATCH) * BATCH / seconds(start);
    }

    private double rawInsertLinesPerSecond() throws Exception {
        try (Connection connection = system.database.connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TEMP TABLE raw_logs (LIKE dev_logs INCLUDING DEFAULTS INCLUDING INDEXES)");
            StringBuilder sql = new StringBuilder("INSERT INTO raw_logs (job_id, level, message, timestamp) VALUES ");
            for (int i = 0; i < BATCH; i++) {
                sql.append(i == 0 ? "" : ",").append("(?, ?, ?, ?)");
            }
            UUID job = UUID.randomUUID();
            Timestamp now = Timestamp.from(Instant.now());
            Instant start = Instant.now();
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                for (int batch = 0; batch < LINES / BATCH; batch++) {
                    for (int i = 0; i < BATCH; i++) {
                        insert.setObject(4 * i + 1, job);
                        insert.setString(4 * i + 2, "info");
                        insert.setString(4 * i + 3, "line " + (batch * BATCH + i) + " of a benchmark run");
                        insert.setTimestamp(4 * i + 4, now);
                    }
                    insert.executeUpdate();
                }
            }
            return (LINES / BATCH) * BATCH / seconds(start);
        }
    }

    private static String pairRunner(String token) throws Exception {
        JsonNode started = body(system.send("POST", system.commands.url("/api/pairings"), token, null, Map.of()));
        String jti = body(system.send("POST", system.commands.url("/api/pairings/claim"), null,
                "{\"pairingCode\":\"" + started.get("pairingCode").asText() + "\",\"runnerType\":\"cli\"}", Map.of()))
                .get("pairingJti").asText();
        body(system.send("POST", system.commands.url("/api/pairings/" + started.get("id").asText() + "/approve"), token, null, Map.of()));
        return body(system.send("POST", system.commands.url("/api/pairings/poll"), null,
                "{\"pairingJti\":\"" + jti + "\"}", Map.of())).get("runnerToken").asText();
    }

    private static String batchBody() {
        StringBuilder batch = new StringBuilder("{\"lines\":[");
        Instant at = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"level\":\"info\",\"message\":\"line ").append(i)
                    .append(" of a benchmark run\",\"timestamp\":\"").append(at.plusNanos(i * 1_000L)).append("\"}");
        }
        return batch.append("]}").toString();
    }

    private static void awaitRows(List<String> jobs, long expected, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (Connection connection = system.database.connect();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM dev_logs WHERE job_id = ANY (?::uuid[])")) {
            count.setArray(1, connection.createArrayOf("text", jobs.toArray()));
            while (true) {
                try (var rows = count.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) >= expected) {
                        return;
                    }
                }
                assertThat(Instant.now()).as("all lines projected in time").isBefore(deadline);
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll interval
            }
        }
    }

    private static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toNanos() / 1e9;
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return json.readTree(response.body());
    }
}

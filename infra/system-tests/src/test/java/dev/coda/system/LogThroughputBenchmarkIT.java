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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a timed test: log lines per second end to end (runner HTTP batches in, rows in
 * {@code dev_logs} out) beside a raw batched INSERT of the same rows in the same run and database. Each client
 * streams the logs of its own running job, as separate runners do: the batches of one job are serialized by its
 * aggregate, so one job's rate is bounded by commit latency. The jobs are one user's, whose events the read
 * model projects in order on one thread; a last run per relay state gives each client a user of its own, as
 * a busy multi-user system has them. It runs once per client count with the relay
 * publishing the changes meanwhile, then again with the relay stopped: the relay is not on the path, but on a
 * small machine it takes its share of the same cores. In the suite it runs as a smoke test with
 * {@value #SMOKE_LINES} lines per run so the harness cannot rot; the full run is
 * {@code mvn -B verify -pl infra/system-tests -Dit.test=LogThroughputBenchmarkIT -Dcoda.bench.lines=100000}
 * ({@code -Dcoda.bench.clients=1,4,8} chooses the client counts).
 */
class LogThroughputBenchmarkIT extends SystemTest {

    private static final int SMOKE_LINES = 20_000;
    private static final int LINES = Integer.getInteger("coda.bench.lines", SMOKE_LINES);
    private static final int BATCH = 1_000;
    /**
     * Runs before the measured ones, so the services' JIT compilers are done: on 2 cores, one warm-up left them
     * compiling through the first measured runs, and the same run measured 30-50% apart depending on its place.
     */
    private static final int WARM_UP_RUNS = 3;
    private static final List<Integer> CLIENT_COUNTS = Arrays.stream(System.getProperty("coda.bench.clients", "1,4,8").split(","))
            .map(count -> Integer.valueOf(count.trim()))
            .toList();
    private static final ObjectMapper json = new ObjectMapper();
    private static final String CONSISTENCY_TOKEN = "X-Consistency-Token";

    /** One measured run: lines/s answered over HTTP, and lines/s until the last row was in {@code dev_logs}. */
    private record Run(boolean relay, int clients, int users, double answered, double endToEnd) {

        String label() {
            return String.format("relay %s, %d client%s%s", relay ? "running" : "stopped", clients, clients == 1 ? "" : "s",
                    users == 1 ? "" : ", " + users + " users");
        }
    }

    @Test
    void printsLogLinesPerSecondEndToEndBesideARawBatchedInsert() throws Exception {
        double raw = rawInsertLinesPerSecond();
        int mostClients = CLIENT_COUNTS.get(CLIENT_COUNTS.size() - 1);
        List<Runner> oneUser = List.of(pairedRunner());
        List<Runner> userPerClient = new ArrayList<>();
        for (int user = 0; user < mostClients; user++) {
            userPerClient.add(pairedRunner());
        }
        for (int run = 0; run < WARM_UP_RUNS; run++) { // not printed
            endToEnd(oneUser, true, mostClients);
        }
        List<Run> runs = new ArrayList<>();
        for (boolean relay : new boolean[] {true, false}) {
            if (!relay) {
                system.relay.close(); // for good: the runs without it come last
            }
            for (int clients : CLIENT_COUNTS) {
                runs.add(endToEnd(oneUser, relay, clients));
            }
            runs.add(endToEnd(userPerClient, relay, mostClients));
        }

        System.out.printf("%nLOG THROUGHPUT (%,d lines per run, batches of %d, each client on its own job, one user unless said, %d cores)%n", LINES, BATCH,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("  raw batched INSERT into dev_logs shape: %,10.0f lines/s%n", raw);
        System.out.printf("  %-36s %21s %27s %8s%n", "run", "HTTP answered", "HTTP -> rows in dev_logs", "vs raw");
        for (Run run : runs) {
            System.out.printf("  %-36s %,14.0f lines/s %,20.0f lines/s %7.2fx%n", run.label(), run.answered(), run.endToEnd(),
                    run.endToEnd() / raw);
        }
        System.out.println();
        BenchmarkReport.add(new BenchmarkReport.Section("Dev Mode logs", String.format("%,d lines per run in batches of %d over"
                + " HTTP, each client on its own job, the jobs of one user unless said (the read model projects one user's events"
                + " in order, on one thread); end to end = HTTP in -> rows in dev_logs. Goal: 50,000 lines/s.", LINES, BATCH),
                runs.stream().map(run -> BenchmarkReport.Figure.against(run.label(), run.endToEnd(), "lines/s", "raw batched INSERT", raw))
                        .toList(),
                List.of(BenchmarkReport.Goal.atLeast("relay running, 8 clients", 50_000),
                        BenchmarkReport.Goal.atLeast("relay stopped, 8 clients", 50_000))));
        assertThat(runs).as("every line arrived, so a rate exists").allMatch(run -> run.endToEnd() > 0);
    }

    /** A user with an idea and a paired runner; each run requests and starts fresh jobs for it. */
    private record Runner(String userToken, String idea, String token) {
    }

    private static Runner pairedRunner() throws Exception {
        String token = TestTokens.user(system.newUser());
        String idea = body(system.send("POST", system.commands.url("/api/ideas"), token, "{\"title\":\"bench\"}", Map.of())).get("id").asText();
        return new Runner(token, idea, pairRunner(token));
    }

    /** A started job and the runner that streams its logs. */
    private record RunningJob(Runner runner, String id) {
    }

    /** {@code clients} jobs, each streamed by a client of its own; client i uses runner i modulo their number. */
    private Run endToEnd(List<Runner> runners, boolean relay, int clients) throws Exception {
        List<RunningJob> jobs = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Runner runner = runners.get(i % runners.size());
            String job = body(system.send("POST", system.commands.url("/api/ideas/" + runner.idea() + "/jobs"), runner.userToken(),
                    "{\"command\":\"bench\"}", Map.of())).get("id").asText();
            body(system.send("POST", system.commands.url("/api/runner/jobs/" + job + "/start"), runner.token(), null, Map.of()));
            jobs.add(new RunningJob(runner, job));
        }
        String batch = batchBody();
        int lines = (LINES / BATCH) * BATCH;

        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger batchesLeft = new AtomicInteger(lines / BATCH);
        AtomicLong lastEvent = new AtomicLong();
        List<Future<?>> work = new ArrayList<>();
        for (RunningJob job : jobs) {
            work.add(pool.submit(() -> {
                while (batchesLeft.getAndDecrement() > 0) {
                    HttpResponse<String> appended = system.send("POST", system.commands.url("/api/runner/jobs/" + job.id() + "/logs"),
                            job.runner().token(), batch, Map.of());
                    body(appended);
                    lastEvent.accumulateAndGet(Long.parseLong(appended.headers().firstValue(CONSISTENCY_TOKEN).orElseThrow()), Math::max);
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        pool.shutdown();
        double answered = seconds(start);
        awaitProjected(jobs.get(0), lastEvent.get(), Duration.ofMinutes(10));
        double endToEnd = seconds(start);
        assertThat(system.count("SELECT count(*) FROM dev_logs WHERE job_id IN (" + jobs.stream()
                .map(job -> "'" + job.id() + "'").collect(Collectors.joining(",")) + ")")).as("every line is in dev_logs").isEqualTo(lines);
        for (RunningJob job : jobs) { // as runners do: a user's runners run only so many jobs at once
            body(system.send("POST", system.commands.url("/api/runner/jobs/" + job.id() + "/finish"), job.runner().token(),
                    "{\"exitCode\":0}", Map.of()));
        }
        return new Run(relay, clients, runners.size(), lines / answered, lines / endToEnd);
    }

    /**
     * The same lines in the same batches, one INSERT and commit each, into a logged copy of {@code dev_logs} with its
     * defaults and indexes: WAL, a flush per commit, and the walsender decoding it, as for the real table (a temporary
     * table skipped all three). Without the foreign key to {@code dev_jobs}, whose rows this copy does not have.
     */
    private double rawInsertLinesPerSecond() throws Exception {
        try (Connection connection = system.database.connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE raw_logs (LIKE dev_logs INCLUDING DEFAULTS INCLUDING INDEXES)");
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
            double rate = (LINES / BATCH) * BATCH / seconds(start);
            ddl.execute("DROP TABLE raw_logs");
            return rate;
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

    /**
     * Until the read model passed the last batch's event: a query carrying its consistency token is answered
     * once it has (its rows commit with the processor's position), or 503 after the service's bounded wait.
     * Counting the rows instead would cost the database a scan of every line on each poll, on the same cores.
     */
    private static void awaitProjected(RunningJob job, long lastEvent, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (system.send("GET", system.queries.url("/api/jobs/" + job.id()), job.runner().userToken(), null,
                Map.of(CONSISTENCY_TOKEN, Long.toString(lastEvent))).statusCode() == 503) {
            assertThat(Instant.now()).as("all lines projected in time").isBefore(deadline);
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

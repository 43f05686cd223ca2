package dev.coda.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's loop against a stand-in Coda on loopback, served under a path of its own (as behind a proxy):
 * the calls a runner makes, answered as the services would in the cases that used to end the runner.
 */
class JobLoopTest {

    private static final String BASE = "/coda";
    private static final ObjectMapper json = new ObjectMapper();

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    /** Answers calls, each on a thread of its own: an answer that hangs holds up no other call. */
    private final ExecutorService answering = Executors.newCachedThreadPool();
    private final HttpServer coda = start();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> bodies = new ConcurrentHashMap<>();
    private final AtomicInteger polls = new AtomicInteger();

    @AfterEach
    void stop() {
        coda.stop(0);
        answering.shutdownNow();
    }

    @Test
    void aJobTheUserCancelledIsStoppedAndTheRunnerGoesOn() {
        // Coda fails the first poll, then offers a job, which the user cancels while it runs: its logs are
        // refused with 409
        answer("/api/runner/jobs", exchange -> {
            switch (polls.incrementAndGet()) {
                case 1 -> reply(exchange, 503, "{}");
                case 2 -> reply(exchange, 200, "{\"items\":[{\"id\":\"j1\",\"command\":\"echo started; sleep 30\"}]}");
                default -> reply(exchange, 200, "{\"items\":[]}");
            }
        });
        answer("/api/runner/jobs/j1/start", exchange -> reply(exchange, 200, "{}"));
        answer("/api/runner/jobs/j1/logs", exchange -> reply(exchange, 409,
                "{\"type\":\"https://coda.dev/problems/illegal-job-transition\"}"));
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true), "the job's 30 s sleep was stopped");

        assertThat(calls).containsSubsequence(BASE + "/api/runner/jobs", BASE + "/api/runner/jobs",
                BASE + "/api/runner/jobs/j1/start", BASE + "/api/runner/jobs/j1/logs");
    }

    @Test
    void aStartWhoseAnswerWasLostIsSentAgainAndTheJobRuns() {
        offer("echo ran");
        AtomicInteger starts = new AtomicInteger();
        answer("/api/runner/jobs/j1/start", exchange -> reply(exchange, starts.incrementAndGet() == 1 ? 502 : 200, "{}"));
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true));

        assertThat(starts).hasValue(2);
        List<String> startBodies = bodies.get("/api/runner/jobs/j1/start");
        assertThat(startBodies).as("the retry names the same attempt").hasSize(2).containsOnly(startBodies.get(0));
        assertThat(startBodies.get(0)).matches("\\{\"attempt\":\"[0-9a-f-]{36}\"}");
        assertThat(bodies.get("/api/runner/jobs/j1/finish")).singleElement().isEqualTo("{\"exitCode\":0}");
    }

    @Test
    void eachJobIsStartedFromAFreshListOfPendingJobs() {
        // j2 was listed with j1, but went to the trash with its idea while j1 ran: the next poll leaves it out
        offer("echo ran");
        answer("/api/runner/jobs", exchange -> reply(exchange, 200, polls.incrementAndGet() == 1
                ? "{\"items\":[{\"id\":\"j1\",\"command\":\"echo ran\"},{\"id\":\"j2\",\"command\":\"echo j2\"}]}"
                : "{\"items\":[]}"));
        answer("/api/runner/jobs/j2/start", exchange -> reply(exchange, 409,
                "{\"type\":\"https://coda.dev/problems/illegal-job-transition\"}"));
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true));

        assertThat(calls).contains(BASE + "/api/runner/jobs/j1/finish").doesNotContain(BASE + "/api/runner/jobs/j2/start");
        assertThat(polls).hasValueGreaterThanOrEqualTo(2);
    }

    @Test
    void aSilentJobTheUserCancelledIsStoppedWhenItsStatusSaysSo() {
        offer("sleep 30");
        AtomicInteger asked = new AtomicInteger();
        answer("/api/runner/jobs/j1", exchange -> reply(exchange, 200,
                asked.incrementAndGet() < 3 ? "{\"status\":\"running\"}" : "{\"status\":\"failed\"}"));
        answer("/api/runner/jobs/j1/finish", exchange -> reply(exchange, 409,
                "{\"type\":\"https://coda.dev/problems/illegal-job-transition\"}"));
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true), "the job's 30 s sleep was stopped");

        assertThat(asked).hasValue(3);
        assertThat(calls).containsSubsequence(BASE + "/api/runner/jobs/j1", BASE + "/api/runner/jobs/j1/finish");
    }

    @Test
    void aJobEndsWithTheProcessesItLeftRunningInTheBackground() throws Exception {
        assumeTrue(JobProcesses.inOwnGroup(), "a job's processes have a process group of their own only with setsid");
        offer("sleep 30 & echo $!");
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true), "the background sleep was not waited for");

        assertThat(bodies.get("/api/runner/jobs/j1/finish")).singleElement().isEqualTo("{\"exitCode\":0}");
        long background = Long.parseLong(messages().get(0));
        Await.until("the background sleep ended", () -> ProcessHandle.of(background).map(ProcessHandle::isAlive).orElse(false) == false);
        assertThat(messages()).as("its output ended with it").hasSize(1);
    }

    @Test
    void aJobIsOverWhenItsCommandExitsThoughAProcessThatLeftItsGroupHoldsItsOutput() throws Exception {
        offer("setsid sleep 30 & echo started in the background");
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true), "the background sleep was not waited for");

        assertThat(bodies.get("/api/runner/jobs/j1/finish")).singleElement().isEqualTo("{\"exitCode\":0}");
        // the warning that follows is not certain: once the command exited, the JDK closes its output unless a read
        // is waiting on it, and the read then ends as if the output had
        assertThat(messages()).first().isEqualTo("started in the background");
    }

    @Test
    void aSlowCodaAtTheJobsEndLosesNoLine() throws Exception {
        offer("seq 1 3000");
        AtomicInteger batches = new AtomicInteger();
        answer("/api/runner/jobs/j1/logs", exchange -> {
            if (batches.incrementAndGet() == 1) {
                LockSupport.parkNanos(Duration.ofSeconds(3).toNanos()); // Coda slow to take the first batch
            }
            reply(exchange, 200, "{}");
        });
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> loop.run(true));

        assertThat(messages()).containsExactlyElementsOf(IntStream.rangeClosed(1, 3000).mapToObj(Integer::toString).toList());
    }

    @Test
    void aRunningJobsLeaseIsRenewedByHeartbeats() {
        offer("sleep 1");
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofMillis(200));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true));

        assertThat(bodies.get("/api/runner/jobs/j1/heartbeat")).as("a heartbeat every 200 ms of the 1 s job").hasSizeGreaterThanOrEqualTo(2);
        assertThat(calls).containsSubsequence(BASE + "/api/runner/jobs/j1/start", BASE + "/api/runner/jobs/j1/heartbeat",
                BASE + "/api/runner/jobs/j1/finish");
    }

    @Test
    void heartbeatsGoOnUntilCodaTookTheExitCode() {
        offer("true");
        AtomicInteger finishCalls = new AtomicInteger();
        answer("/api/runner/jobs/j1/finish", exchange -> reply(exchange, finishCalls.incrementAndGet() <= 3 ? 503 : 200, "{}"));
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofMillis(200));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true));

        assertThat(calls).as("heartbeats between the tries of the exit code, 1.75 s of pauses")
                .containsSubsequence(BASE + "/api/runner/jobs/j1/finish", BASE + "/api/runner/jobs/j1/heartbeat",
                        BASE + "/api/runner/jobs/j1/finish");
    }

    @Test
    void aCodaFailingForAWhileLosesNoLineAndGetsTheExitCode() throws Exception {
        offer("seq 1 5");
        AtomicInteger logCalls = new AtomicInteger();
        // the first answers fail after Coda took the batch: the runner cannot tell, and sends it again
        answer("/api/runner/jobs/j1/logs", exchange -> reply(exchange, logCalls.incrementAndGet() <= 2 ? 503 : 200, "{}"));
        AtomicInteger finishCalls = new AtomicInteger();
        answer("/api/runner/jobs/j1/finish", exchange -> {
            if (finishCalls.incrementAndGet() == 1) {
                reply(exchange, 409, "{\"type\":\"https://coda.dev/problems/concurrent-change\"}"); // lost a race: try again
            } else {
                reply(exchange, 200, "{}");
            }
        });
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true));

        Map<Long, List<String>> batches = new TreeMap<>();
        for (String batch : bodies.get("/api/runner/jobs/j1/logs")) {
            JsonNode sent = json.readTree(batch);
            List<String> lines = new ArrayList<>();
            sent.get("lines").forEach(line -> lines.add(line.get("message").asText()));
            assertThat(batches.putIfAbsent(sent.get("sequence").asLong(), lines)).as("a batch sent again is the same batch")
                    .isIn(null, lines);
        }
        assertThat(batches.keySet()).startsWith(1L);
        assertThat(batches.values().stream().flatMap(List::stream)).containsExactly("1", "2", "3", "4", "5");
        assertThat(bodies.get("/api/runner/jobs/j1/logs")).hasSizeGreaterThan(batches.size());
        assertThat(bodies.get("/api/runner/jobs/j1/finish")).containsExactly("{\"exitCode\":0}", "{\"exitCode\":0}");
    }

    @Test
    void aBatchCodaRefusesForAnotherReasonIsLeftOutAndTheJobStillFinishes() {
        offer("echo refused");
        answer("/api/runner/jobs/j1/logs", exchange -> reply(exchange, 400,
                "{\"type\":\"https://coda.dev/problems/validation-failed\"}"));
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true));

        assertThat(bodies.get("/api/runner/jobs/j1/logs")).hasSize(1);
        assertThat(bodies.get("/api/runner/jobs/j1/finish")).containsExactly("{\"exitCode\":0}");
    }

    @Test
    void aConflictThatIsNotAboutTheJobDoesNotStopIt() {
        offer("echo one; sleep 1; echo two");
        AtomicInteger logCalls = new AtomicInteger();
        answer("/api/runner/jobs/j1/logs", exchange -> reply(exchange, logCalls.incrementAndGet() == 1 ? 409 : 200, "{}"));
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true));

        assertThat(bodies.get("/api/runner/jobs/j1/finish")).as("the job ran to its end").containsExactly("{\"exitCode\":0}");
    }

    @Test
    void outputWithoutLineEndsArrivesInLinesTheServerTakes() throws Exception {
        offer("head -c 40000 /dev/zero | tr '\\0' x");
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true));

        assertThat(messages()).containsExactly("x".repeat(LogBatcher.MAX_LINE_CHARS), "x".repeat(LogBatcher.MAX_LINE_CHARS),
                "x".repeat(40_000 - 2 * LogBatcher.MAX_LINE_CHARS));
    }

    @Test
    void aRevokedRunnerTokenEndsTheRunner() {
        answer("/api/runner/jobs", exchange -> reply(exchange, 401, "{}"));
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        CodaApi.Refused refused = assertThrows(CodaApi.Refused.class, () -> loop.run(true));
        assertThat(refused.status).isEqualTo(401);
    }

    @Test
    void aStatusCallThatHangsDoesNotHoldUpTheJobsEnd() {
        offer("sleep 1");
        answer("/api/runner/jobs/j1", exchange -> LockSupport.parkNanos(Duration.ofSeconds(40).toNanos())); // never answers in time
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(200));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true), "the exit was noticed within the 30 s a call may take");

        assertThat(bodies.get("/api/runner/jobs/j1/finish")).singleElement().isEqualTo("{\"exitCode\":0}");
    }

    @Test
    void aRunnerWhoseTokenIsRefusedWhileAJobRunsLeavesNoProcessOfIt() throws Exception {
        offer("sleep 30");
        AtomicBoolean revoked = new AtomicBoolean();
        answer("/api/runner/jobs/j1", exchange -> reply(exchange, revoked.get() ? 401 : 200, "{\"status\":\"running\"}"));
        AtomicReference<Exception> ended = new AtomicReference<>();
        Thread runner = runInBackground(new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50)), ended);
        List<ProcessHandle> job = jobProcesses();

        revoked.set(true);
        runner.join(Duration.ofSeconds(10).toMillis());

        assertThat(ended.get()).isInstanceOfSatisfying(CodaApi.Refused.class, refused -> assertThat(refused.status).isEqualTo(401));
        awaitEnded(job);
    }

    @Test
    void anInterruptedRunnerLeavesNoProcessOfItsJob() throws Exception {
        offer("sleep 30");
        AtomicReference<Exception> ended = new AtomicReference<>();
        Thread runner = runInBackground(new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50)), ended);
        List<ProcessHandle> job = jobProcesses();

        runner.interrupt();
        runner.join(Duration.ofSeconds(10).toMillis());

        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        awaitEnded(job);
        assertThat(bodies.get("/api/runner/jobs/j1/finish")).as("the job ends with its runner, not with its lease")
                .singleElement().isEqualTo("{\"exitCode\":" + JobLoop.STOPPED + "}");
    }

    @Test
    void aRunnerStoppedWhileItsLastLinesAreOnTheirWayReportsTheCommandsOwnExitCode() throws Exception {
        offer("echo done");
        AtomicBoolean batchArrived = new AtomicBoolean();
        answer("/api/runner/jobs/j1/logs", exchange -> {
            batchArrived.set(true);
            LockSupport.parkNanos(Duration.ofSeconds(30).toNanos()); // Coda slow to take the job's last lines
            reply(exchange, 200, "{}");
        });
        AtomicReference<Exception> ended = new AtomicReference<>();
        Thread runner = runInBackground(new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50)), ended);
        Await.until("the last batch sent", batchArrived::get);

        runner.interrupt();
        runner.join(Duration.ofSeconds(10).toMillis());

        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        assertThat(bodies.get("/api/runner/jobs/j1/finish")).as("the command exited 0 before the runner was stopped")
                .singleElement().isEqualTo("{\"exitCode\":0}");
    }

    /** Runs the loop until it ends, which puts what ended it in {@code ended}. */
    private static Thread runInBackground(JobLoop loop, AtomicReference<Exception> ended) {
        Thread runner = new Thread(() -> {
            try {
                loop.run(false);
            } catch (Exception e) {
                ended.set(e);
            }
        }, "runner");
        runner.start();
        return runner;
    }

    /** The processes of the running job, once there are any: the only children of this JVM. */
    private static List<ProcessHandle> jobProcesses() {
        AtomicReference<List<ProcessHandle>> processes = new AtomicReference<>(List.of());
        Await.until("the job's command started",
                () -> !processes.updateAndGet(seen -> ProcessHandle.current().descendants().toList()).isEmpty());
        return processes.get();
    }

    private static void awaitEnded(List<ProcessHandle> processes) {
        Await.until("the job's processes ended", () -> processes.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** Coda offers job j1 with {@code command} once, and takes whatever the runner reports of it. */
    private void offer(String command) {
        answer("/api/runner/jobs", exchange -> reply(exchange, 200, polls.incrementAndGet() == 1
                ? "{\"items\":[{\"id\":\"j1\",\"command\":" + json.valueToTree(command) + "}]}" : "{\"items\":[]}"));
        for (String report : List.of("start", "logs", "heartbeat", "finish")) {
            answer("/api/runner/jobs/j1/" + report, exchange -> reply(exchange, 200, "{}"));
        }
        answer("/api/runner/jobs/j1", exchange -> reply(exchange, 200, "{\"status\":\"running\"}"));
    }

    /** The messages of every log line the runner sent, in order. */
    private List<String> messages() throws IOException {
        List<String> messages = new ArrayList<>();
        for (String batch : bodies.getOrDefault("/api/runner/jobs/j1/logs", List.of())) {
            json.readTree(batch).get("lines").forEach(line -> messages.add(line.get("message").asText()));
        }
        return messages;
    }

    private CodaApi api() {
        URI base = URI.create("http://127.0.0.1:" + coda.getAddress().getPort() + BASE + "/");
        return new CodaApi(base, base).withToken("runner-token");
    }

    private interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    /** Coda answers a request for {@code path} (under {@link #BASE}) so; a later answer for it replaces this one. */
    private void answer(String path, Answer answer) {
        answers.put(BASE + path, answer);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Answer answer = answers.get(path);
        if (answer == null) {
            reply(exchange, 404, "{}");
            return;
        }
        calls.add(path);
        bodies.computeIfAbsent(path.substring(BASE.length()), any -> new CopyOnWriteArrayList<>())
                .add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        answer.answer(exchange);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::serve);
            server.setExecutor(answering);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

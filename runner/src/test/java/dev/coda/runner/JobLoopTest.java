package dev.coda.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's loop against a stand-in Coda on loopback, served under a path of its own (as behind a proxy):
 * the calls a runner makes, answered as the services would in the cases that used to end the runner.
 */
class JobLoopTest {

    private static final String BASE = "/coda";

    private final HttpServer coda = start();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();

    @AfterEach
    void stop() {
        coda.stop(0);
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
        answer("/api/runner/jobs/j1/logs", exchange -> reply(exchange, 409, "{\"type\":\"illegal-job-transition\"}"));
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> loop.run(true), "the job's 30 s sleep was stopped");

        assertThat(calls).containsSubsequence(BASE + "/api/runner/jobs", BASE + "/api/runner/jobs",
                BASE + "/api/runner/jobs/j1/start", BASE + "/api/runner/jobs/j1/logs");
    }

    @Test
    void aRevokedRunnerTokenEndsTheRunner() {
        answer("/api/runner/jobs", exchange -> reply(exchange, 401, "{}"));
        JobLoop loop = new JobLoop(api(), Duration.ofSeconds(60), Duration.ofMillis(50));

        CodaApi.Refused refused = assertThrows(CodaApi.Refused.class, () -> loop.run(true));
        assertThat(refused.status).isEqualTo(401);
    }

    private CodaApi api() {
        URI base = URI.create("http://127.0.0.1:" + coda.getAddress().getPort() + BASE + "/");
        return new CodaApi(base, base).withToken("runner-token");
    }

    private interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    private void answer(String path, Answer answer) {
        coda.createContext(BASE + path, exchange -> {
            if (!exchange.getRequestURI().getPath().equals(BASE + path)) {
                reply(exchange, 404, "{}"); // a context also matches the longer paths under it
                return;
            }
            calls.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            answer.answer(exchange);
        });
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

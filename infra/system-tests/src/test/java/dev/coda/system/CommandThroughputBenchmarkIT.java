package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a timed test: create-idea commands per second over HTTP at several client counts (each
 * client a user of its own, as real traffic is), beside raw appends ({@link RawAppends}) at the same concurrency,
 * in the same run and database. The steps measure warm services: before them the most clients
 * send commands until the JIT compilers settled ({@link WarmUp}). In the suite it runs as a smoke test for
 * {@value #SMOKE_SECONDS} s per step; the full run is {@code mvn -B verify -pl infra/system-tests
 * -Dit.test=CommandThroughputBenchmarkIT -Dcoda.bench.seconds=20 -Dcoda.bench.warm-up-seconds=300}
 * ({@code -Dcoda.bench.clients=1,4,16,64} is the default).
 */
class CommandThroughputBenchmarkIT extends SystemTest {

    private static final int SMOKE_SECONDS = 2;
    private static final int SECONDS = Integer.getInteger("coda.bench.seconds", SMOKE_SECONDS);
    private static final List<Integer> CLIENT_COUNTS = Arrays.stream(System.getProperty("coda.bench.clients", "1,4,16,64").split(","))
            .map(count -> Integer.valueOf(count.trim()))
            .toList();
    private static final Duration CATCH_UP = Duration.ofMinutes(5);
    private static final ObjectMapper json = new ObjectMapper();

    /** One step: operations per second and their latency in milliseconds. */
    private record Rate(double perSecond, double p50, double p99) {

        static Rate of(List<long[]> latenciesPerClient, long elapsedNanos) {
            long[] all = latenciesPerClient.stream().flatMapToLong(Arrays::stream).filter(nanos -> nanos > 0).sorted().toArray();
            return new Rate(all.length / (elapsedNanos / 1e9), all[all.length / 2] / 1e6,
                    all[(int) Math.ceil(all.length * 0.99) - 1] / 1e6);
        }
    }

    /** A step: create-idea over HTTP, the raw appends beside it, and the read model's lag as the HTTP part ended. */
    private record Step(Rate http, Rate raw, double lagMillis, double lagEvents) {
    }

    private interface Operation {
        void run(int client, int sequence) throws Exception;
    }

    @Test
    void printsCreateIdeaCommandsPerSecondBesideRawAppends() throws Exception {
        int most = CLIENT_COUNTS.stream().max(Integer::compare).orElseThrow();
        // the warm-up's users are not the measured ones, so that the measured boards are as new as before it
        Operation warmUpCommand = createIdea(system.tokensOfNewUsers(most));
        WarmUp.Outcome warmUp = WarmUp.untilCompiled(List.of(system.commands, system.queries, system.relay),
                seconds -> measure(most, warmUpCommand, seconds)); // not printed
        system.awaitRelayCaughtUp(CATCH_UP); // the first step does not share the cores with the backlog
        Operation createIdea = createIdea(system.tokensOfNewUsers(most));

        List<Step> steps = new ArrayList<>();
        for (int clients : CLIENT_COUNTS) {
            Rate http = measure(clients, createIdea, SECONDS);
            double lagMillis = readModelGauge("coda.read_model.lag"); // as the step's last command was answered
            double lagEvents = readModelGauge("coda.read_model.lag.events");
            try (RawAppends raw = RawAppends.into(system)) {
                steps.add(new Step(http, measure(clients, raw::append, SECONDS), lagMillis, lagEvents));
            }
        }

        System.out.printf("%nCOMMAND THROUGHPUT (create-idea over HTTP, each client a user; raw: one INSERT per transaction into a copy"
                + " of the event store table; %d s per step, %d cores, relay running; warm-up at %d clients: %s)%n", SECONDS,
                Runtime.getRuntime().availableProcessors(), most, warmUp);
        System.out.printf("  %7s %14s %9s %9s %16s %9s %9s %8s %22s%n", "clients", "commands/s", "p50 ms", "p99 ms", "raw appends/s",
                "p50 ms", "p99 ms", "ratio", "read model behind");
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Rate http = step.http();
            Rate raw = step.raw();
            System.out.printf("  %7d %,14.0f %9.1f %9.1f %,16.0f %9.1f %9.1f %7.2fx %,8.0f ms %,6.0f ev%n", CLIENT_COUNTS.get(i),
                    http.perSecond(), http.p50(), http.p99(), raw.perSecond(), raw.p50(), raw.p99(), http.perSecond() / raw.perSecond(),
                    step.lagMillis(), step.lagEvents());
        }
        System.out.println();
        List<BenchmarkReport.Figure> figures = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Rate http = steps.get(i).http();
            Rate raw = steps.get(i).raw();
            String clients = CLIENT_COUNTS.get(i) + (CLIENT_COUNTS.get(i) == 1 ? " client" : " clients");
            figures.add(BenchmarkReport.Figure.against(clients + ": commands", http.perSecond(), "/s", "raw appends",
                    raw.perSecond()));
            figures.add(BenchmarkReport.Figure.against(clients + ": p50", http.p50(), "ms", "raw append", raw.p50()));
            figures.add(BenchmarkReport.Figure.against(clients + ": p99", http.p99(), "ms", "raw append", raw.p99()));
            figures.add(BenchmarkReport.Figure.of(clients + ": read model behind at the end", steps.get(i).lagMillis(), "ms"));
        }
        figures.add(warmUp.figure()); // last: a chart takes its unit from the first figure
        BenchmarkReport.add(new BenchmarkReport.Section("Command throughput", String.format("create-idea over HTTP for %d s per"
                + " step, each client a user of its own, relay running, after %s at %d clients; raw: one INSERT per"
                + " transaction into a copy of the event store table, same payload, same concurrency. Goals at 16 clients: >= 0.5x"
                + " the raw appends, and the read model less than 1 s behind at the end of the step.", SECONDS, warmUp.describe(),
                most), figures, List.of(
                BenchmarkReport.Goal.ratioAtLeast("16 clients: commands", 0.5),
                BenchmarkReport.Goal.atMost("16 clients: read model behind at the end", 1000))));
        BenchmarkReport.addServices("after the throughput steps", system.commands, system.queries, system.relay);
        assertThat(steps).as("every step ran operations, so a rate exists")
                .allMatch(step -> step.http().perSecond() > 0 && step.raw().perSecond() > 0);
    }

    /** Create-idea commands, client {@code n} as the user of {@code tokens}' {@code n}th token. */
    private static Operation createIdea(List<String> tokens) {
        return (client, sequence) -> ok(system.send("POST", system.commands.url("/api/ideas"), tokens.get(client),
                "{\"title\":\"idea " + sequence + " of a throughput run\",\"notes\":\"notes of about the size a person writes\"}",
                Map.of()));
    }

    /** One client per thread, each running {@code operation} back to back for {@code seconds}. */
    private Rate measure(int clients, Operation operation, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> work = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int id = client;
            work.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int done = 0;
                while (System.nanoTime() < end && done < latencies.length) {
                    long before = System.nanoTime();
                    operation.run(id, done);
                    latencies[done++] = System.nanoTime() - before;
                }
                return latencies;
            }));
        }
        List<long[]> latencies = new ArrayList<>();
        for (Future<long[]> future : work) {
            latencies.add(future.get());
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        return Rate.of(latencies, elapsed);
    }

    /** A gauge of the query-service's read model (events or milliseconds behind the event store's head). */
    private static double readModelGauge(String name) throws Exception {
        String body = ok(system.send("GET", system.queries.url("/actuator/metrics/" + name), TestTokens.admin(), null, Map.of())).body();
        return json.readTree(body).get("measurements").get(0).get("value").asDouble();
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response;
    }
}

package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a timed test: how long after a create-idea command is sent the idea is visible, in the query
 * API (a GET carrying the command's consistency token, which answers as soon as the projection has the event)
 * and as a change record on {@code coda.public.ideas}, at a steady half of the peak load, across the three
 * processes, the commands spread over {@value #WRITERS} users as real traffic is (each user's ideas are one
 * aggregate). The load is the one measured: a create-idea command, then a read of the idea with its token.
 * The latencies are a warm system's: first the writers send that load back to back until the services' JIT
 * compilers settled ({@link WarmUp}); then again for the peak's seconds, and the steady rate is half of the commands/s
 * that answered ({@code coda.bench.rate} sets it instead).
 * Each latency counts from when its command was due on the steady run's {@link Schedule}, so that a command held
 * up behind a stall counts it too. The Kafka consumer that stamps the arrivals polls from before the warm-up on,
 * so that its own first fetches are not counted, and reads every earlier idea before the measured run starts. Raw
 * appends run beside the measured run ({@value #RAW_APPENDS_PER_SECOND}/s, {@link RawAppends}, timed the same way):
 * what a bare commit cost on the same database and disk at the same moments. Beside the latencies it prints each
 * service's stop-the-world collections during the measured run: a pause holds every command in flight there. In
 * the suite it runs as a smoke test ({@value #SMOKE_SECONDS} s of each phase); the full run is
 * {@code mvn -B verify -pl infra/system-tests -Dit.test=ReadYourWritesBenchmarkIT -Dcoda.bench.seconds=20
 * -Dcoda.bench.warm-up-seconds=300 -Dcoda.bench.peak-seconds=10}.
 */
class ReadYourWritesBenchmarkIT extends SystemTest {

    private static final int SMOKE_SECONDS = 2;
    private static final int SECONDS = Integer.getInteger("coda.bench.seconds", SMOKE_SECONDS);
    private static final int PEAK_SECONDS = Integer.getInteger("coda.bench.peak-seconds", SMOKE_SECONDS);
    private static final int WRITERS = 16;
    /**
     * Threads that send the steady run's commands: enough that commands seldom start late behind slow ones (at
     * 500/s and a 100 ms tail, 50 are in flight); one that does still counts from when it was due.
     */
    private static final int SENDERS = 64;
    /**
     * Raw appends ({@link RawAppends}) per second beside the steady run: what a commit cost on the same database
     * and disk at the same moments, so that a stall of the disk is told apart from one of the system.
     */
    private static final int RAW_APPENDS_PER_SECOND = 20;
    private static final String CONSISTENCY_TOKEN = "X-Consistency-Token";
    private static final ObjectMapper json = new ObjectMapper();

    private record Latency(double p50, double p99, double max) {

        /** Each figure beside the same percentile of {@code baseline}, the raw append measured in the same seconds. */
        void addTo(List<BenchmarkReport.Figure> figures, String stage, Latency baseline) {
            String raw = "raw append beside it";
            figures.add(BenchmarkReport.Figure.against(stage + ": p50", p50, "ms", raw, baseline.p50));
            figures.add(BenchmarkReport.Figure.against(stage + ": p99", p99, "ms", raw, baseline.p99));
            figures.add(BenchmarkReport.Figure.against(stage + ": max", max, "ms", raw, baseline.max));
        }

        static Latency of(long[] nanos) {
            double[] millis = Arrays.stream(nanos).mapToDouble(value -> value / 1e6).sorted().toArray();
            return new Latency(millis[millis.length / 2], millis[(int) Math.ceil(millis.length * 0.99) - 1], millis[millis.length - 1]);
        }
    }

    /** What one steady run measured, per command, on this JVM's clock. */
    private record Stamps(long[] sent, long[] answered, long[] visible, long[] onKafka) {
    }

    @Test
    void printsCommandToQueryAndCommandToKafkaLatencyAtASteadyRate() throws Exception {
        // the warm-up's users are not the measured ones, so that the measured boards are as new as before it
        List<String> warmUpTokens = system.tokensOfNewUsers(WRITERS);
        List<String> tokens = system.tokensOfNewUsers(WRITERS);
        WarmUp.Outcome warmUp;
        Stamps stamps;
        double peak;
        int rate;
        Map<String, ServiceProcess.GcPauses> gcBefore;
        Map<String, ServiceProcess.GcPauses> gcDuring;
        Latency rawAppend;
        try (KafkaConsumer<String, String> consumer = Consumers.fromTheStart()) {
            List<TopicPartition> partitions = consumer.partitionsFor(system.topic("ideas")).stream()
                    .map(partition -> new TopicPartition(partition.topic(), partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // the end is looked up now, before the first idea can be there
            warmUp = WarmUp.untilCompiled(List.of(system.commands, system.queries, system.relay),
                    seconds -> awaitOnKafka(backToBack(warmUpTokens, seconds), consumer));
            long peakStart = System.nanoTime();
            Set<String> peakIdeas = backToBack(tokens, PEAK_SECONDS);
            peak = peakIdeas.size() * 1e9 / (System.nanoTime() - peakStart);
            awaitOnKafka(peakIdeas, consumer);
            rate = Integer.getInteger("coda.bench.rate", (int) Math.max(1, Math.round(peak / 2)));
            try (RawAppends raw = RawAppends.into(system)) {
                gcBefore = gcPauses();
                long start = System.nanoTime();
                Future<long[]> appends = raw.paced(Schedule.of(start, RAW_APPENDS_PER_SECOND), SECONDS * RAW_APPENDS_PER_SECOND);
                stamps = steadyLoad(tokens, Schedule.of(start, rate), SECONDS * rate, consumer);
                gcDuring = gcPauses();
                rawAppend = Latency.of(appends.get());
            }
        }
        gcDuring.replaceAll((service, pauses) -> pauses.since(gcBefore.get(service)));

        Latency command = Latency.of(minus(stamps.answered(), stamps.sent()));
        Latency query = Latency.of(minus(stamps.visible(), stamps.sent()));
        Latency kafka = Latency.of(minus(stamps.onKafka(), stamps.sent()));
        System.out.printf("%nREAD YOUR WRITES (create-idea at %,d/s, half of the %,.0f/s peak, for %d s by %d users, %d cores;"
                + " from when the command was due; warm-up: %s)%n", rate, peak, SECONDS, WRITERS, Runtime.getRuntime().availableProcessors(),
                warmUp);
        System.out.printf("  %-34s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms%n", "command answered", command.p50(), command.p99(), command.max());
        System.out.printf("  %-34s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms%n", "visible in the query API", query.p50(), query.p99(), query.max());
        System.out.printf("  %-34s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms%n", "change record on coda.public.ideas", kafka.p50(), kafka.p99(), kafka.max());
        System.out.printf("  %-34s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms%n", "raw append beside it, " + RAW_APPENDS_PER_SECOND + "/s",
                rawAppend.p50(), rawAppend.p99(), rawAppend.max());
        gcDuring.forEach((service, pauses) -> System.out.printf("  %-34s %s%n", service + " GC during the run", pauses));
        System.out.println();
        List<BenchmarkReport.Figure> figures = new ArrayList<>();
        figures.add(BenchmarkReport.Figure.of("steady rate", rate, "commands/s"));
        figures.add(BenchmarkReport.Figure.of("peak (the same writes and reads, back to back)", peak, "commands/s"));
        command.addTo(figures, "command answered", rawAppend);
        query.addTo(figures, "visible in the query API", rawAppend);
        kafka.addTo(figures, "on coda.public.ideas", rawAppend);
        gcDuring.forEach((service, pauses) -> figures.add(BenchmarkReport.Figure.of(service + " GC pause time", pauses.millis(), "ms")));
        figures.add(warmUp.figure()); // last: a chart takes its unit from the first figure
        BenchmarkReport.add(new BenchmarkReport.Section("Read your writes", String.format("create-idea at %,d/s (half of the peak"
                + " measured just before, both after %s) for %d s by %d users; each latency from when the command was due,"
                + " beside %d raw appends/s (each latency from when it was due). Goals: query p99 <= 50 ms, Kafka p99"
                + " <= 80 ms.", rate, warmUp.describe(), SECONDS, WRITERS, RAW_APPENDS_PER_SECOND), figures, List.of(
                BenchmarkReport.Goal.atMost("visible in the query API: p99", 50),
                BenchmarkReport.Goal.atMost("on coda.public.ideas: p99", 80))));
        assertThat(query.max()).as("every idea was visible, so a latency exists").isPositive();
    }

    /** Each service's stop-the-world collections so far, in the order a command travels. */
    private static Map<String, ServiceProcess.GcPauses> gcPauses() throws Exception {
        Map<String, ServiceProcess.GcPauses> pauses = new LinkedHashMap<>();
        for (ServiceProcess service : List.of(system.commands, system.queries, system.relay)) {
            pauses.put(service.name(), service.gcPauses());
        }
        return pauses;
    }

    /**
     * The writers, one per user, create an idea and read it back with the consistency token, back to back, for
     * {@code seconds}; the ideas they created.
     */
    private static Set<String> backToBack(List<String> tokens, int seconds) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Set<String> ideas = ConcurrentHashMap.newKeySet();
        List<Future<?>> work = new ArrayList<>();
        for (String token : tokens) {
            work.add(writers.submit(() -> {
                for (int sequence = 0; System.nanoTime() < end; sequence++) {
                    ideas.add(createAndRead(token, "back to back " + sequence).idea());
                }
                return null;
            }));
        }
        for (Future<?> writer : work) {
            writer.get(); // a writer's failure ends the run with its cause
        }
        writers.shutdown();
        return ideas;
    }

    /**
     * Reads {@code coda.public.ideas} until every one of {@code ideas} is there, so that the next phase does not
     * share the cores with the relay's catching up.
     */
    private static void awaitOnKafka(Set<String> ideas, KafkaConsumer<String, String> consumer) throws Exception {
        Set<String> arrived = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!arrived.containsAll(ideas)) {
            assertThat(System.nanoTime()).as("%d of %d earlier ideas on Kafka", arrived.size(), ideas.size()).isLessThan(deadline);
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                arrived.add(json.readTree(record.key()).get("id").asText());
            }
        }
    }

    /**
     * {@code commands} create-idea commands on {@code schedule}, user after user, each stamped as sent when it was
     * due; each writer then reads its idea back with the command's consistency token, and the consumer, at the end
     * of {@code coda.public.ideas}, stamps each idea's first record.
     */
    private static Stamps steadyLoad(List<String> tokens, Schedule schedule, int commands,
                                     KafkaConsumer<String, String> consumer) throws Exception {
        Stamps stamps = new Stamps(new long[commands], new long[commands], new long[commands], new long[commands]);
        Map<String, Integer> indexOfIdea = new ConcurrentHashMap<>();
        ExecutorService writers = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            int index = i;
            String token = tokens.get(i % tokens.size());
            work.add(writers.submit(() -> {
                stamps.sent()[index] = schedule.awaitDue(index);
                Created created = createAndRead(token, "read your writes " + index);
                stamps.visible()[index] = System.nanoTime();
                stamps.answered()[index] = created.answered();
                indexOfIdea.put(created.idea(), index);
                return null;
            }));
        }
        Map<String, Long> arrivals = new HashMap<>();
        long deadline = schedule.due(commands) + Duration.ofMinutes(2).toNanos();
        while (indexOfIdea.size() < commands || !arrivals.keySet().containsAll(indexOfIdea.keySet())) {
            assertThat(System.nanoTime()).as("%d of %d ideas on Kafka", arrivals.size(), commands).isLessThan(deadline);
            for (Future<?> done : work.stream().filter(Future::isDone).toList()) {
                done.get(); // a writer's failure ends the run with its cause
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                long now = System.nanoTime();
                if (record.value() != null) {
                    arrivals.putIfAbsent(json.readTree(record.key()).get("id").asText(), now);
                }
            }
        }
        indexOfIdea.forEach((idea, index) -> stamps.onKafka()[index] = arrivals.get(idea));
        for (Future<?> future : work) {
            future.get();
        }
        writers.shutdown();
        return stamps;
    }

    /** An idea created, when its command answered (on this JVM's clock), and the answer's consistency token. */
    private record Created(String idea, long answered, String consistencyToken) {
    }

    private static Created create(String token, String title) throws Exception {
        HttpResponse<String> created = system.send("POST", system.commands.url("/api/ideas"), token,
                "{\"title\":\"" + title + "\"}", Map.of());
        long answered = System.nanoTime();
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new Created(json.readTree(created.body()).get("id").asText(), answered,
                created.headers().firstValue(CONSISTENCY_TOKEN).orElseThrow());
    }

    /**
     * Creates an idea and reads it back with the command's consistency token: the query API answers once its
     * projection has the event.
     */
    private static Created createAndRead(String token, String title) throws Exception {
        Created created = create(token, title);
        HttpResponse<String> read = system.send("GET", system.queries.url("/api/ideas/" + created.idea()), token, null,
                Map.of(CONSISTENCY_TOKEN, created.consistencyToken()));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        return created;
    }

    private static long[] minus(long[] later, long[] earlier) {
        long[] difference = new long[later.length];
        for (int i = 0; i < later.length; i++) {
            difference[i] = later[i] - earlier[i];
        }
        return difference;
    }

    private static com.fasterxml.jackson.databind.JsonNode body(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return json.readTree(response.body());
    }
}

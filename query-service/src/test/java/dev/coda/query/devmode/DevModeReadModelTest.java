package dev.coda.query.devmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.contracts.devmode.JobEvent;
import dev.coda.contracts.devmode.JobEvent.JobAbandoned;
import dev.coda.contracts.devmode.JobEvent.JobCancelled;
import dev.coda.contracts.devmode.JobEvent.JobFinished;
import dev.coda.contracts.devmode.JobEvent.JobLogsAppended;
import dev.coda.contracts.devmode.JobEvent.JobRequested;
import dev.coda.contracts.devmode.JobEvent.JobStarted;
import dev.coda.contracts.devmode.JobEvent.LogLine;
import dev.coda.contracts.devmode.PairingEvent;
import dev.coda.contracts.devmode.PairingEvent.PairingApproved;
import dev.coda.contracts.devmode.PairingEvent.PairingClaimed;
import dev.coda.contracts.devmode.PairingEvent.PairingRevoked;
import dev.coda.contracts.devmode.PairingEvent.PairingStarted;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.contracts.ideas.IdeaEvent.IdeaDeleted;
import dev.coda.contracts.ideas.IdeaEvent.IdeaPurged;
import dev.coda.contracts.ideas.IdeaEvent.IdeaRestored;
import dev.coda.query.QueryServiceTest;
import dev.coda.query.projection.ReadModel;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Pairing and job events become dev_pairings, dev_jobs and dev_logs rows and answers of the query API. */
class DevModeReadModelTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("devmode_read_model");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
        registry.add("coda.log-tail.keep-alive", () -> "200ms");
    }

    private final Map<String, Long> sequences = new java.util.HashMap<>();
    private Instant clock = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private Instant tick() {
        clock = clock.plus(1, ChronoUnit.MILLIS);
        return clock;
    }

    private void append(String type, String aggregate, Object event) {
        long sequence = sequences.merge(aggregate, 1L, Long::sum) - 1;
        eventStore.publish(new GenericDomainEventMessage<>(type, aggregate, sequence, event));
    }

    private void pairing(PairingEvent event) {
        append("Pairing", event.pairingId().toString(), event);
    }

    private void job(JobEvent event) {
        append("DevJob", event.jobId().toString(), event);
    }

    private UUID idea(String user) {
        UUID idea = UUID.randomUUID();
        append("IdeaBoard", user + ":ideas", new IdeaCreated(user, idea, "Idea", null, null, null, 0, null, tick()));
        return idea;
    }

    private UUID approvedPairing(String user) {
        UUID pairing = UUID.randomUUID();
        pairing(new PairingStarted(user, pairing, "code-hash-" + pairing, "placeholder-" + pairing, tick().plusSeconds(600), tick()));
        pairing(new PairingClaimed(user, pairing, "jti-hash-" + pairing, "cli", "1.2.3", "laptop", tick()));
        pairing(new PairingApproved(user, pairing, tick()));
        return pairing;
    }

    private UUID runningJob(String user, UUID idea, UUID pairing) {
        UUID job = UUID.randomUUID();
        job(new JobRequested(user, job, idea, "make test", "/src", tick()));
        job(new JobStarted(user, job, pairing, UUID.randomUUID(), tick()));
        return job;
    }

    private static List<LogLine> lines(int from, int count, Instant at) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> new LogLine(i % 10 == 0 ? "error" : "info", "line " + i, at))
                .toList();
    }

    @Test
    void aPairingRowHoldsOnlyHashesAndTheRunnersDescriptionAndIsGoneOnceRevoked() throws Exception {
        String user = registerUser();
        UUID pairing = approvedPairing(user);
        awaitProjection();

        Map<String, Object> row = jdbc.sql("SELECT * FROM dev_pairings WHERE id = :id").param("id", pairing).query().singleRow();
        JsonNode listed = getJson("/api/pairings", user).get("items");

        assertThat(row.get("pairing_code")).isEqualTo("code-hash-" + pairing);
        assertThat(row.get("pairing_jti")).isEqualTo("jti-hash-" + pairing);
        assertThat(row.get("approved_at")).isNotNull();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("hostname").asText()).isEqualTo("laptop");
        assertThat(listed.get(0).has("pairingCode")).isFalse();
        assertThat(listed.toString()).doesNotContain("code-hash", "jti-hash");

        pairing(new PairingRevoked(user, pairing, tick()));
        awaitProjection();
        assertThat(getJson("/api/pairings", user).get("items")).isEmpty();
    }

    @Test
    void thePairingsListLeavesOutThoseWhoseCodeExpiredUnapproved() throws Exception {
        String user = registerUser();
        Instant expired = Instant.now().minusSeconds(3600);
        UUID approvedLongAgo = UUID.randomUUID();
        pairing(new PairingStarted(user, approvedLongAgo, "code-hash-" + approvedLongAgo, "jti-" + approvedLongAgo, expired, tick()));
        pairing(new PairingApproved(user, approvedLongAgo, tick()));
        UUID lapsed = UUID.randomUUID();
        pairing(new PairingStarted(user, lapsed, "code-hash-" + lapsed, "jti-" + lapsed, expired, tick()));
        UUID waiting = UUID.randomUUID();
        pairing(new PairingStarted(user, waiting, "code-hash-" + waiting, "jti-" + waiting, Instant.now().plusSeconds(600), tick()));
        awaitProjection();

        assertThat(getJson("/api/pairings", user).get("items")).extracting(item -> item.get("id").asText())
                .containsExactly(waiting.toString(), approvedLongAgo.toString());
    }

    @Test
    void aJobGoesFromPendingToRunningToCompletedOrFailedOrIsAbandoned() throws Exception {
        String user = registerUser();
        UUID idea = idea(user);
        UUID pairing = approvedPairing(user);
        UUID ok = runningJob(user, idea, pairing);
        UUID broken = runningJob(user, idea, pairing);
        UUID cancelled = UUID.randomUUID();
        job(new JobFinished(user, ok, 0, tick()));
        job(new JobFinished(user, broken, 2, tick()));
        job(new JobRequested(user, cancelled, idea, "sleep 100", null, tick()));
        job(new JobCancelled(user, cancelled, tick()));
        UUID abandoned = runningJob(user, idea, pairing);
        job(new JobAbandoned(user, abandoned, tick()));
        awaitProjection();

        assertThat(getJson("/api/jobs/" + ok, user).get("status").asText()).isEqualTo("completed");
        assertThat(getJson("/api/jobs/" + ok, user).get("exitCode").asInt()).isZero();
        assertThat(getJson("/api/jobs/" + broken, user).get("status").asText()).isEqualTo("failed");
        assertThat(getJson("/api/jobs/" + broken, user).get("exitCode").asInt()).isEqualTo(2);
        assertThat(getJson("/api/jobs/" + cancelled, user).get("status").asText()).isEqualTo("failed");
        assertThat(getJson("/api/jobs/" + cancelled, user).get("exitCode").isNull()).isTrue();
        assertThat(getJson("/api/jobs/" + abandoned, user).get("status").asText()).isEqualTo("failed");
        assertThat(getJson("/api/jobs/" + abandoned, user).get("exitCode").isNull()).isTrue();
        assertThat(getJson("/api/ideas/" + idea + "/jobs", user).get("items")).hasSize(4);
        assertThat(getJson("/api/ideas/" + idea + "/jobs?limit=1", user).get("items"))
                .extracting(item -> item.get("id").asText()).as("the newest only").containsExactly(abandoned.toString());
    }

    @Test
    void logsComeBackInTheOrderTheyWereSentPageByPageAndByLevel() throws Exception {
        String user = registerUser();
        UUID job = runningJob(user, idea(user), approvedPairing(user));
        Instant sameInstant = tick();
        job(new JobLogsAppended(user, job, null, lines(0, 150, sameInstant), tick()));
        job(new JobLogsAppended(user, job, null, lines(150, 150, sameInstant), tick()));
        awaitProjection();

        List<String> messages = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = getJson("/api/jobs/" + job + "/logs?limit=70" + (cursor == null ? "" : "&after=" + cursor), user);
            page.get("items").forEach(line -> messages.add(line.get("message").asText()));
            cursor = page.get("items").size() < 70 ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        JsonNode errors = getJson("/api/jobs/" + job + "/logs?level=error&limit=1000", user).get("items");

        assertThat(messages).containsExactlyElementsOf(IntStream.range(0, 300).mapToObj(i -> "line " + i).toList());
        assertThat(errors).hasSize(30);
        assertThat(jdbc.sql("SELECT count(DISTINCT created_at) FROM dev_logs WHERE job_id = :job").param("job", job)
                .query(Long.class).single()).as("created_at is the projection's, apart from each line's timestamp").isEqualTo(2);
    }

    @Test
    void aBatchWhoseFirstLineIsThereAlreadyAddsTheOthersWithTheirTimestamps() throws Exception {
        String user = registerUser();
        UUID job = runningJob(user, idea(user), approvedPairing(user)); // events 0 and 1: the batch will be event 2
        awaitProjection();
        List<LogLine> lines = List.of(new LogLine("info", "first", tick()), new LogLine("warn", "second", tick()),
                new LogLine("error", "third", tick()));
        jdbc.sql("INSERT INTO dev_logs (id, job_id, level, message, timestamp) VALUES (:id, :job, 'info', 'first', :at)")
                .param("id", JobProjection.lineId(2, 0, job.getLeastSignificantBits()))
                .param("job", job)
                .param("at", ReadModel.utc(lines.get(0).timestamp()))
                .update(); // the COPY conflicts with it: the fallback INSERT takes the batch

        job(new JobLogsAppended(user, job, 2L, lines, tick()));
        awaitProjection();

        JsonNode page = getJson("/api/jobs/" + job + "/logs", user).get("items");
        assertThat(page).extracting(line -> line.get("message").asText()).containsExactly("first", "second", "third");
        assertThat(page).extracting(line -> Instant.parse(line.get("timestamp").asText()))
                .containsExactlyElementsOf(lines.stream().map(LogLine::timestamp).toList());
    }

    @Test
    void manyBatchesOfManyJobsProjectedTogetherLoseNoLine() throws Exception {
        String user = registerUser();
        UUID idea = idea(user);
        UUID pairing = approvedPairing(user);
        List<UUID> jobs = IntStream.range(0, 3).mapToObj(i -> runningJob(user, idea, pairing)).toList();
        for (int batch = 0; batch < 20; batch++) {
            for (UUID job : jobs) {
                job(new JobLogsAppended(user, job, null, lines(batch * 50, 50, tick()), tick()));
            }
        }
        awaitProjection();

        for (UUID job : jobs) {
            assertThat(jdbc.sql("SELECT count(*) FROM dev_logs WHERE job_id = :job").param("job", job)
                    .query(Long.class).single()).isEqualTo(1_000);
        }
    }

    @Test
    void theLiveTailDeliversNewLinesAsTheyAreProjectedAndEndsWithTheJob() throws Exception {
        String user = registerUser();
        UUID pairing = approvedPairing(user);
        UUID job = runningJob(user, idea(user), pairing);
        awaitProjection();
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().sendAsync(
                request("/api/jobs/" + job + "/logs/stream", TestTokens.user(user)).build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(30, java.util.concurrent.TimeUnit.SECONDS);

        job(new JobLogsAppended(user, job, null, lines(0, 5, tick()), tick()));
        job(new JobFinished(user, job, 0, tick()));

        List<String> events = java.util.concurrent.CompletableFuture.supplyAsync(() -> eventNames(stream.body()))
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(events).containsExactly("log", "log", "log", "log", "log", "end");
    }

    @Test
    void aReconnectingEventSourceGoesOnAfterItsLastEventIdWhateverItsUrlSays() throws Exception {
        String user = registerUser();
        UUID job = runningJob(user, idea(user), approvedPairing(user));
        job(new JobLogsAppended(user, job, null, lines(0, 5, tick()), tick()));
        job(new JobFinished(user, job, 0, tick()));
        awaitProjection();
        List<String> ids = sseFields(tail(user, job).body(), "id:");

        HttpResponse<java.io.InputStream> resumed = HttpClient.newHttpClient().send(
                request("/api/jobs/" + job + "/logs/stream?after=" + ids.get(0), TestTokens.user(user))
                        .header("Last-Event-ID", ids.get(2)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<String> forged = send(request("/api/jobs/" + job + "/logs/stream", TestTokens.user(user))
                .header("Last-Event-ID", "not-a-cursor"));

        assertThat(ids).hasSize(5);
        assertThat(sseFields(resumed.body(), "id:")).containsExactlyElementsOf(ids.subList(3, 5));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(json.readTree(forged.body()).toString()).contains("Last-Event-ID");
    }

    @Test
    void aUserHasAtMostEightLiveTailsAndOneWhoseClientLeftFreesItsPlace() throws Exception {
        String user = registerUser();
        UUID job = runningJob(user, idea(user), approvedPairing(user));
        awaitProjection();
        List<HttpResponse<java.io.InputStream>> tails = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                tails.add(tail(user, job));
            }
            HttpResponse<java.io.InputStream> oneMore = tail(user, job);

            assertThat(tails).extracting(HttpResponse::statusCode).containsOnly(200);
            assertThat(oneMore.statusCode()).isEqualTo(429);
            assertThat(json.readTree(oneMore.body()).get("type").asText()).endsWith("too-many-tails");

            tails.remove(0).body().close(); // the client leaves; its tail notices at its next keep-alive
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            HttpResponse<java.io.InputStream> again = tail(user, job);
            while (again.statusCode() == 429 && System.nanoTime() < deadline) {
                again.body().close();
                java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(100).toNanos());
                again = tail(user, job);
            }
            tails.add(again);
            assertThat(again.statusCode()).as("a place freed once the tail noticed its client left").isEqualTo(200);
        } finally {
            for (HttpResponse<java.io.InputStream> tail : tails) {
                tail.body().close();
            }
        }
    }

    @Test
    void aClientThatStopsReadingHoldsUpNoOtherUsersTail() throws Exception {
        String stalling = registerUser();
        UUID big = runningJob(stalling, idea(stalling), approvedPairing(stalling));
        for (int batch = 0; batch < 2; batch++) { // 3.2 MB: more than the sockets between them buffer
            Instant at = tick();
            job(new JobLogsAppended(stalling, big, null, IntStream.range(0, 100)
                    .mapToObj(i -> new LogLine("info", "x".repeat(16_000), at)).toList(), tick()));
        }
        String waiting = registerUser();
        UUID job = runningJob(waiting, idea(waiting), approvedPairing(waiting));
        awaitProjection();
        List<java.net.Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // more than there used to be threads for all tails
                java.net.Socket socket = new java.net.Socket();
                socket.setReceiveBufferSize(1024);
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
                socket.getOutputStream().write(("GET /api/jobs/" + big + "/logs/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + TestTokens.user(stalling) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                stalled.add(socket); // and never read
            }
            HttpResponse<java.io.InputStream> stream = tail(waiting, job);
            job(new JobLogsAppended(waiting, job, null, lines(0, 1, tick()), tick()));
            job(new JobFinished(waiting, job, 0, tick()));

            List<String> events = java.util.concurrent.CompletableFuture.supplyAsync(() -> eventNames(stream.body()))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(events).containsExactly("log", "end");
        } finally {
            for (java.net.Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private HttpResponse<java.io.InputStream> tail(String user, UUID job) throws Exception {
        return HttpClient.newHttpClient().send(request("/api/jobs/" + job + "/logs/stream", TestTokens.user(user)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static List<String> eventNames(java.io.InputStream body) {
        return sseFields(body, "event:");
    }

    /** The values of one field of every event in a stream, read until it ends. */
    private static List<String> sseFields(java.io.InputStream body, String field) {
        List<String> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(field)) {
                    events.add(line.substring(field.length()).trim());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return events;
    }

    @Test
    void aJobOfAPurgedIdeaLeavesNoRowsAndDoesNotStopTheProjection() throws Exception {
        String user = registerUser();
        UUID idea = idea(user);
        append("IdeaBoard", user + ":ideas", new IdeaDeleted(user, idea, 0, "h", tick(), tick()));
        append("IdeaBoard", user + ":ideas", new IdeaPurged(user, idea, tick()));
        UUID job = runningJob(user, idea, approvedPairing(user));
        job(new JobLogsAppended(user, job, null, lines(0, 3, tick()), tick()));
        job(new JobFinished(user, job, 0, tick()));
        UUID later = idea(user);
        awaitProjection();

        assertThat(jdbc.sql("SELECT count(*) FROM dev_jobs WHERE id = :id").param("id", job).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM ideas WHERE id = :id").param("id", later).query(Long.class).single()).isOne();
    }

    @Test
    void anotherUsersJobsLogsAndPairingsAreNotFound() throws Exception {
        String owner = registerUser();
        String stranger = registerUser();
        UUID idea = idea(owner);
        UUID job = runningJob(owner, idea, approvedPairing(owner));
        awaitProjection();

        assertThat(get("/api/jobs/" + job, stranger).statusCode()).isEqualTo(404);
        assertThat(get("/api/jobs/" + job + "/logs", stranger).statusCode()).isEqualTo(404);
        assertThat(get("/api/jobs/" + job + "/logs/stream", stranger).statusCode()).isEqualTo(404);
        assertThat(getJson("/api/ideas/" + idea + "/jobs", owner).get("items")).hasSize(1);
        assertThat(getJson("/api/ideas/" + idea + "/jobs", stranger).get("items")).isEmpty();
        assertThat(getJson("/api/pairings", owner).get("items")).hasSize(1);
        assertThat(getJson("/api/pairings", stranger).get("items")).isEmpty();
    }

    @Test
    void anApprovedRunnerListsItsUsersPendingJobsAndARevokedOneCannot() throws Exception {
        String user = registerUser();
        UUID idea = idea(user);
        UUID pairing = approvedPairing(user);
        UUID pending = UUID.randomUUID();
        job(new JobRequested(user, pending, idea, "make", null, tick()));
        runningJob(user, idea, pairing);
        awaitProjection();
        String runnerToken = TestTokens.runner(user, pairing.toString());

        HttpResponse<String> listed = send(request("/api/runner/jobs", runnerToken));
        HttpResponse<String> asUser = get("/api/runner/jobs", user);
        pairing(new PairingRevoked(user, pairing, tick()));
        awaitProjection();
        HttpResponse<String> revoked = send(request("/api/runner/jobs", runnerToken));

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(listed.body()).get("items")).extracting(item -> item.get("id").asText())
                .containsExactly(pending.toString());
        assertThat(asUser.statusCode()).isEqualTo(403);
        assertThat(revoked.statusCode()).isEqualTo(401);
    }

    @Test
    void thePendingJobsOfAnIdeaInTheTrashWaitUntilItIsRestored() throws Exception {
        String user = registerUser();
        UUID kept = idea(user);
        UUID trashed = idea(user);
        String runnerToken = TestTokens.runner(user, approvedPairing(user).toString());
        UUID keptJob = UUID.randomUUID();
        UUID waitingJob = UUID.randomUUID();
        job(new JobRequested(user, keptJob, kept, "make", null, tick()));
        job(new JobRequested(user, waitingJob, trashed, "make", null, tick()));
        append("IdeaBoard", user + ":ideas", new IdeaDeleted(user, trashed, 1, "hash", tick().plusSeconds(600), tick()));
        awaitProjection();

        JsonNode whileTrashed = json.readTree(send(request("/api/runner/jobs", runnerToken)).body());
        append("IdeaBoard", user + ":ideas", new IdeaRestored(user, trashed, 1, tick()));
        awaitProjection();
        JsonNode restored = json.readTree(send(request("/api/runner/jobs", runnerToken)).body());

        assertThat(whileTrashed.get("items")).extracting(item -> item.get("id").asText()).containsExactly(keptJob.toString());
        assertThat(restored.get("items")).extracting(item -> item.get("id").asText())
                .containsExactly(keptJob.toString(), waitingJob.toString());
    }

    @Test
    void aRunnerSeesThatTheUserCancelledItsJob() throws Exception {
        String user = registerUser();
        UUID pairing = approvedPairing(user);
        UUID job = runningJob(user, idea(user), pairing);
        awaitProjection();
        String runnerToken = TestTokens.runner(user, pairing.toString());

        HttpResponse<String> running = send(request("/api/runner/jobs/" + job, runnerToken));
        job(new JobCancelled(user, job, tick()));
        awaitProjection();
        HttpResponse<String> cancelled = send(request("/api/runner/jobs/" + job, runnerToken));
        String stranger = registerUser();
        UUID strangersPairing = approvedPairing(stranger);
        awaitProjection();
        HttpResponse<String> asStrangersRunner = send(request("/api/runner/jobs/" + job,
                TestTokens.runner(stranger, strangersPairing.toString())));

        assertThat(json.readTree(running.body()).get("status").asText()).isEqualTo("running");
        assertThat(json.readTree(cancelled.body()).get("status").asText()).isEqualTo("failed");
        assertThat(asStrangersRunner.statusCode()).isEqualTo(404);
        assertThat(get("/api/runner/jobs/" + job, user).statusCode()).as("a user's own token is no runner's").isEqualTo(403);
    }

    @Test
    void badLogQueriesAre400sNamingTheParameter() throws Exception {
        String user = registerUser();
        UUID job = runningJob(user, idea(user), approvedPairing(user));
        awaitProjection();

        // well formed, but 285,000 years before the epoch: no line has it, and PostgreSQL cannot compare with it
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("-9000000000000000000:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        for (String badJobs : List.of("limit=0", "limit=201")) {
            HttpResponse<String> response = get("/api/ideas/" + UUID.randomUUID() + "/jobs?" + badJobs, user);
            assertThat(response.statusCode()).as(badJobs).isEqualTo(400);
        }
        for (String query : List.of("limit=0", "limit=5000", "level=verbose", "after=not-a-cursor", "after=" + forged)) {
            HttpResponse<String> response = get("/api/jobs/" + job + "/logs?" + query, user);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(json.readTree(response.body()).get("errors").get(0).get("field").asText())
                    .isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }
}

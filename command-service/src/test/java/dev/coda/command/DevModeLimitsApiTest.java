package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A user at the limits of Dev Mode: what they have open at once, the refusal as a client sees it, nothing stored. */
@TestPropertySource(properties = {"coda.pairings.max-open-pairings-per-user=2", "coda.jobs.max-running-jobs-per-user=1"})
class DevModeLimitsApiTest extends DevModeTest {

    @Test
    void aUserWithTheMostPairingsOpenRevokesOneBeforeStartingAnother() throws Exception {
        PairedRunner approved = pair(token);
        assertThat(send("POST", "/api/pairings", token, null, Map.of()).statusCode()).as("one waiting for a runner").isEqualTo(201);
        long events = eventCount();

        HttpResponse<String> third = send("POST", "/api/pairings", token, null, Map.of());

        assertProblem(third, 409);
        assertThat(body(third).get("type").asText()).isEqualTo("https://coda.dev/problems/too-many-pairings");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(send("POST", "/api/pairings", TestTokens.user(registerUser()), null, Map.of()).statusCode())
                .as("another user's pairings are theirs").isEqualTo(201);

        assertThat(send("DELETE", "/api/pairings/" + approved.pairingId(), token, null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/pairings", token, null, Map.of()).statusCode()).isEqualTo(201);
    }

    @Test
    void aJobBeyondTheMostRunningAtOnceWaitsForOneToEnd() throws Exception {
        PairedRunner runner = pair(token);
        String idea = createIdea(token);
        String first = requestJob(token, idea);
        String second = requestJob(token, idea);
        assertThat(runner(runner, first, "start", null).statusCode()).isEqualTo(200);
        long events = eventCount();

        HttpResponse<String> refused = runner(runner, second, "start", null);

        assertProblem(refused, 409);
        assertThat(body(refused).get("type").asText()).isEqualTo("https://coda.dev/problems/too-many-running-jobs");
        assertThat(eventCount()).isEqualTo(events);

        assertThat(runner(runner, first, "finish", "{\"exitCode\":0}").statusCode()).isEqualTo(200);
        assertThat(runner(runner, second, "start", null).statusCode()).isEqualTo(200);
    }

    @Test
    void pairingsStartedAtOnceStopAtTheLimit() throws Exception {
        for (int round = 0; round < 10; round++) {
            String user = TestTokens.user(registerUser());

            List<Integer> statuses = atOnce(8, attempt -> send("POST", "/api/pairings", user, null, Map.of()).statusCode());

            assertThat(statuses).as("two pairings at most, however many start together")
                    .containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(2);
        }
    }

    @Test
    void jobsStartedAtOnceStopAtTheLimit() throws Exception {
        PairedRunner runner = pair(token);
        String idea = createIdea(token);
        for (int round = 0; round < 5; round++) {
            List<String> jobs = new ArrayList<>();
            for (int job = 0; job < 4; job++) {
                jobs.add(requestJob(token, idea));
            }

            List<Integer> statuses = atOnce(jobs.size(), job -> runner(runner, jobs.get(job), "start", null).statusCode());

            assertThat(statuses).as("one job running at most, however many start together")
                    .containsOnly(200, 409).filteredOn(status -> status == 200).hasSize(1);
            assertThat(runner(runner, jobs.get(statuses.indexOf(200)), "finish", "{\"exitCode\":0}").statusCode())
                    .isEqualTo(200);
        }
    }

    interface Attempt {
        int status(int attempt) throws Exception;
    }

    /** Runs the attempts on threads of their own, released together, and answers their statuses. */
    private static List<Integer> atOnce(int attempts, Attempt attempt) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(attempts);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = IntStream.range(0, attempts)
                    .mapToObj(n -> threads.submit(() -> {
                        start.await();
                        return attempt.status(n);
                    })).toList();
            start.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get(1, TimeUnit.MINUTES));
            }
            return answered;
        } finally {
            threads.shutdownNow();
        }
    }
}

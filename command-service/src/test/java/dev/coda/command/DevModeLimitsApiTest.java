package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.Map;
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
}

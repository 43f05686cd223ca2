package dev.coda.command.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.CommandServiceTest;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A user at the limits of ideas and features: the refusal as a client sees it, and nothing stored. */
@TestPropertySource(properties = {"coda.ideas.max-ideas-per-user=2", "coda.ideas.max-features-per-user=1"})
class IdeaLimitsApiTest extends CommandServiceTest {

    @Test
    void aUserAtTheLimitsIsToldWhichOneAndNothingIsStored() throws Exception {
        String user = registerUser();
        String token = TestTokens.user(user);
        String idea = body(send("POST", "/api/ideas", token, "{\"title\":\"One\"}", Map.of())).get("id").asText();
        assertThat(send("POST", "/api/ideas", token, "{\"title\":\"Two\"}", Map.of()).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/ideas/" + idea + "/features", token, "{\"title\":\"Only\"}", Map.of()).statusCode())
                .isEqualTo(201);
        long events = eventCount();

        HttpResponse<String> thirdIdea = send("POST", "/api/ideas", token, "{\"title\":\"Three\"}", Map.of());
        HttpResponse<String> secondFeature = send("POST", "/api/ideas/" + idea + "/features", token,
                "{\"title\":\"One too many\"}", Map.of());

        assertProblem(thirdIdea, 409);
        assertThat(body(thirdIdea).get("type").asText()).isEqualTo("https://coda.dev/problems/too-many-ideas");
        assertProblem(secondFeature, 409);
        assertThat(body(secondFeature).get("type").asText()).isEqualTo("https://coda.dev/problems/too-many-features");
        assertThat(eventCount()).isEqualTo(events);
    }
}

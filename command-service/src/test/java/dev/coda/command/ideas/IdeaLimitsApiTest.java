package dev.coda.command.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.CommandServiceTest;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A user at the limits of ideas and features: the refusal as a client sees it, and nothing stored. */
@TestPropertySource(properties = {"coda.ideas.max-ideas-per-user=2", "coda.ideas.max-features-per-user=3",
        "coda.ideas.max-feature-text-per-idea=20", "coda.ideas.position-shifts-per-second=1"})
class IdeaLimitsApiTest extends CommandServiceTest {

    @Test
    void aUserAtTheLimitsIsToldWhichOneAndNothingIsStored() throws Exception {
        String user = registerUser();
        String token = TestTokens.user(user);
        String idea = fullBoard(token);
        for (String title : new String[] {"One", "Two", "Three"}) {
            assertThat(send("POST", "/api/ideas/" + idea + "/features", token, "{\"title\":\"" + title + "\"}", Map.of())
                    .statusCode()).isEqualTo(201);
        }
        long events = eventCount();

        HttpResponse<String> thirdIdea = send("POST", "/api/ideas", token, "{\"title\":\"Three\"}", Map.of());
        HttpResponse<String> secondFeature = send("POST", "/api/ideas/" + idea + "/features", token,
                "{\"title\":\"Four\"}", Map.of());

        assertProblem(thirdIdea, 409);
        assertThat(body(thirdIdea).get("type").asText()).isEqualTo("https://coda.dev/problems/too-many-ideas");
        assertProblem(secondFeature, 409);
        assertThat(body(secondFeature).get("type").asText()).isEqualTo("https://coda.dev/problems/too-many-features");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void aUserWhoRenumberedABoardsWorthOfIdeasWaitsForMoreAndNothingIsStored() throws Exception {
        String user = registerUser();
        String token = TestTokens.user(user);
        String idea = fullBoard(token);
        assertThat(send("PUT", "/api/ideas/" + idea + "/position", token, "{\"position\":1}", Map.of()).statusCode())
                .isEqualTo(200); // both renumbered: the bucket of a two-idea board is empty
        List<String> events = eventTypes(user);

        HttpResponse<String> back = send("PUT", "/api/ideas/" + idea + "/position", token, "{\"position\":0}", Map.of());

        assertProblem(back, 429);
        assertThat(body(back).get("type").asText()).isEqualTo("https://coda.dev/problems/too-many-moves");
        assertThat(back.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(seconds).isIn("1", "2"));
        assertThat(eventTypes(user)).isEqualTo(events);
    }

    /** Creates the two ideas a user here may keep; the first one's id. */
    private String fullBoard(String token) throws Exception {
        String first = body(send("POST", "/api/ideas", token, "{\"title\":\"One\"}", Map.of())).get("id").asText();
        assertThat(send("POST", "/api/ideas", token, "{\"title\":\"Two\"}", Map.of()).statusCode()).isEqualTo(201);
        return first;
    }

    @Test
    void anIdeaWhoseFeaturesWouldHoldTooMuchTextIsRefusedWholeAndNothingIsStored() throws Exception {
        String token = TestTokens.user(registerUser());
        String idea = body(send("POST", "/api/ideas", token, "{\"title\":\"Idea\"}", Map.of())).get("id").asText();
        String feature = body(send("POST", "/api/ideas/" + idea + "/features", token,
                "{\"title\":\"Ten chars.\"}", Map.of())).get("id").asText();
        long events = eventCount();

        HttpResponse<String> tooMuchAdded = send("POST", "/api/ideas/" + idea + "/features/batch", token,
                "{\"features\":[{\"title\":\"Five.\"},{\"title\":\"Six..!\"}]}", Map.of());
        HttpResponse<String> tooMuchEdited = send("PUT", "/api/ideas/" + idea + "/features/" + feature, token,
                "{\"title\":\"Ten chars.\",\"notes\":\"and eleven.\"}", Map.of());
        HttpResponse<String> tooMuchImported = send("POST", "/api/ideas/import", token,
                "{\"idea\":{\"title\":\"Imported\"},\"features\":[{\"title\":\"Twenty-one characters\"}]}", Map.of());

        for (HttpResponse<String> refused : List.of(tooMuchAdded, tooMuchEdited, tooMuchImported)) {
            assertProblem(refused, 409);
            assertThat(body(refused).get("type").asText()).isEqualTo("https://coda.dev/problems/idea-too-large");
        }
        assertThat(eventCount()).isEqualTo(events);
        assertThat(send("PUT", "/api/ideas/" + idea + "/features/" + feature, token,
                "{\"title\":\"Twenty characters...\"}", Map.of()).statusCode()).as("up to the limit").isEqualTo(200);
    }
}

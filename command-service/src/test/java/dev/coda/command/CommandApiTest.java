package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.testsupport.ListeningSockets;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The command API as a client uses it, against a real PostgreSQL. */
class CommandApiTest extends CommandServiceTest {

    @Test
    void theServiceListensOnLoopbackOnly() {
        // the local profile's JWT secret and master key are published: reachable from elsewhere, anyone could sign
        assertThat(ListeningSockets.addressesOf(port)).containsExactly("127.0.0.1");
    }

    @Test
    void theAuthAdapterRegistersAUserAndGetsItsIdAndAConsistencyToken() throws Exception {
        HttpResponse<String> response = post("/api/users", TestTokens.authAdapter(), userBody(uniqueEmail()));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("id").asText()).isNotBlank();
        assertThat(body.get("consistencyToken").asLong()).isPositive();
        assertThat(response.headers().firstValue("X-Consistency-Token")).contains(body.get("consistencyToken").asText());
    }

    @Test
    void aSecondRegistrationOfTheSameEmailIsAConflictInAnyLetterCase() throws Exception {
        String email = uniqueEmail();
        assertThat(post("/api/users", TestTokens.authAdapter(), userBody(email)).statusCode()).isEqualTo(201);
        long eventsBefore = eventCount();

        HttpResponse<String> second = post("/api/users", TestTokens.authAdapter(), userBody(email.toUpperCase()));

        assertThat(second.statusCode()).isEqualTo(409);
        assertProblem(second, 409);
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void onlyTheAuthAdapterMayRegisterUsers() throws Exception {
        HttpResponse<String> response = post("/api/users", TestTokens.user("someone"), userBody(uniqueEmail()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertProblem(response, response.statusCode());
    }

    @Test
    void rejectsAnInvalidEmailNamingTheField() throws Exception {
        HttpResponse<String> response = post("/api/users", TestTokens.authAdapter(), "{\"name\":\"Ada\",\"email\":\"not-an-email\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("email");
    }

    @Test
    void aRegisteredUserCreatesIdeasAtTheEndOfTheirList() throws Exception {
        String token = TestTokens.user(registerUser());

        HttpResponse<String> first = post("/api/ideas", token, "{\"title\":\"Coda\",\"notes\":\"the app\"}");
        HttpResponse<String> second = post("/api/ideas", token,
                "{\"title\":\"Runner\",\"githubUrl\":\"https://github.com/coda/runner\",\"linkLabel\":\"repo\"}");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(json.readTree(first.body()).get("position").asInt()).isZero();
        assertThat(json.readTree(second.body()).get("position").asInt()).isEqualTo(1);
        assertThat(json.readTree(second.body()).get("consistencyToken").asLong())
                .isGreaterThan(json.readTree(first.body()).get("consistencyToken").asLong());
        UUID.fromString(json.readTree(first.body()).get("id").asText());
    }

    @Test
    void anEmptyGithubUrlMeansNoLink() throws Exception {
        String token = TestTokens.user(registerUser());

        assertThat(post("/api/ideas", token, "{\"title\":\"No link\",\"githubUrl\":\"\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void rejectsEveryInvalidFieldAndStoresNothing() throws Exception {
        String token = TestTokens.user(registerUser());
        long eventsBefore = eventCount();

        HttpResponse<String> response = post("/api/ideas", token,
                "{\"title\":\"" + "x".repeat(201) + "\",\"notes\":\"" + "n".repeat(10_001) + "\",\"githubUrl\":\"not a url\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response, response.statusCode());
        assertThat(fields(response)).containsExactly("githubUrl", "notes", "title");
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    /** The README's walk-through, step 5: the whole problem, as a client reads it. */
    @Test
    void aValidationProblemIsTheOneTheReadmeShows() throws Exception {
        String token = TestTokens.user(registerUser());

        HttpResponse<String> response = post("/api/ideas", token, "{\"title\":\"\",\"githubUrl\":\"nope\"}");

        assertProblem(response, 400);
        assertThat(body(response)).isEqualTo(json.readTree("""
                {"type":"https://coda.dev/problems/validation","title":"Bad Request","status":400,
                 "detail":"Invalid githubUrl, title.","instance":"/api/ideas",
                 "errors":[{"field":"githubUrl","message":"must be an http(s) URL or empty"},
                           {"field":"title","message":"must not be blank"}]}"""));
    }

    @Test
    void rejectsABlankTitle() throws Exception {
        HttpResponse<String> response = post("/api/ideas", TestTokens.user(registerUser()), "{\"title\":\"  \"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("title");
    }

    @Test
    void rejectsUnknownFieldsWrongTypesAndMalformedJson() throws Exception {
        String token = TestTokens.user(registerUser());

        HttpResponse<String> unknown = post("/api/ideas", token, "{\"title\":\"t\",\"position\":3}");
        HttpResponse<String> wrongType = post("/api/ideas", token, "{\"title\":{\"nested\":true}}");
        HttpResponse<String> malformed = post("/api/ideas", token, "{\"title\":");
        long eventsBefore = eventCount();
        HttpResponse<String> trailing = post("/api/ideas", token, "{\"title\":\"a\"}{\"title\":\"b\"}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(fields(unknown)).containsExactly("position");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(fields(wrongType)).containsExactly("title");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertProblem(malformed, 400);
        assertProblem(trailing, 400);
        assertThat(eventCount()).as("nothing stored for a body with more after its object").isEqualTo(eventsBefore);
    }

    @Test
    void aFormOrMultipartBodyIsTheClientsMistakeAndStoresNothing() throws Exception {
        String token = TestTokens.user(registerUser());
        long eventsBefore = eventCount();

        HttpResponse<String> form = send("PUT", "/api/ideas/" + UUID.randomUUID() + "/position", token, "position=%",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        HttpResponse<String> multipart = send("POST", "/api/pairings/claim", null, "--x--",
                Map.of("Content-Type", "multipart/form-data"));

        assertProblem(form, 415);
        assertProblem(multipart, 415);
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void readsNoValueAsAnotherType() throws Exception {
        String token = TestTokens.user(registerUser());
        long eventsBefore = eventCount();
        String position = "/api/ideas/" + UUID.randomUUID() + "/position";

        HttpResponse<String> numberAsTitle = post("/api/ideas", token, "{\"title\":123}");
        HttpResponse<String> booleanAsTitle = post("/api/ideas", token, "{\"title\":true}");
        HttpResponse<String> fractionAsPosition = send("PUT", position, token, "{\"position\":2.9}", Map.of());
        HttpResponse<String> textAsPosition = send("PUT", position, token, "{\"position\":\"2\"}", Map.of());

        for (HttpResponse<String> response : List.of(numberAsTitle, booleanAsTitle)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(fields(response)).containsExactly("title");
        }
        for (HttpResponse<String> response : List.of(fractionAsPosition, textAsPosition)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(fields(response)).containsExactly("position");
        }
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void theApiDocsListTheApiButNotTheErrorDispatch() throws Exception {
        HttpResponse<String> docs = send("GET", "/v3/api-docs", null, null, Map.of());

        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode paths = json.readTree(docs.body()).get("paths");
        assertThat(paths.has("/api/ideas")).isTrue();
        assertThat(paths.has("/error")).isFalse();
    }

    @Test
    void refusesRequestsWithoutAValidToken() throws Exception {
        HttpResponse<String> missing = post("/api/ideas", null, "{\"title\":\"t\"}");
        HttpResponse<String> forged = post("/api/ideas",
                TestTokens.sign("another-secret-0123456789abcdef0123456789", "u1", null, Instant.now().plusSeconds(60)),
                "{\"title\":\"t\"}");
        HttpResponse<String> expired = post("/api/ideas",
                TestTokens.sign(TestTokens.SECRET, "u1", null, Instant.now().minusSeconds(3600)), "{\"title\":\"t\"}");
        HttpResponse<String> neverExpiring = post("/api/ideas", TestTokens.signClaims(TestTokens.SECRET, "{\"sub\":\"u1\"}"),
                "{\"title\":\"t\"}");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(neverExpiring.statusCode()).isEqualTo(401);
        assertProblem(missing, 401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).as("says the token is invalid, not why")
                .hasValue("Bearer error=\"invalid_token\", error_description=\"The token is not valid\", "
                        + "error_uri=\"https://tools.ietf.org/html/rfc6750#section-3.1\"");
    }

    @Test
    void aTokenOfAnUnregisteredUserCannotCreateIdeas() throws Exception {
        long eventsBefore = eventCount();

        HttpResponse<String> response = post("/api/ideas", TestTokens.user("nobody-" + UUID.randomUUID()), "{\"title\":\"t\"}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    private static String userBody(String email) {
        return "{\"name\":\"Ada\",\"email\":\"" + email + "\",\"image\":\"https://example.com/ada.png\"}";
    }

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send("POST", path, token, body, Map.of());
    }
}

package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The web app's Auth.js adapter as the system tests play it: its writes go to the command-service, its reads
 * to the query-service, all with the {@code auth-adapter} token; reads carry the consistency token of the
 * write they must see.
 */
final class AuthAdapter {

    static final ObjectMapper json = new ObjectMapper();
    private static final String CONSISTENCY_TOKEN = "X-Consistency-Token";

    private final CodaSystem system;

    AuthAdapter(CodaSystem system) {
        this.system = system;
    }

    /** What a write answers: the user (or other resource) it wrote, and the token to read it with. */
    record Written(String id, long consistencyToken) {

        static Written of(HttpResponse<String> response) throws Exception {
            JsonNode body = json.readTree(response.body());
            long token = body.get("consistencyToken").asLong();
            assertThat(response.headers().firstValue(CONSISTENCY_TOKEN)).as("header and body agree").contains(Long.toString(token));
            return new Written(body.has("id") ? body.get("id").asText() : body.path("userId").asText(null), token);
        }
    }

    /** An Auth.js {@code AdapterAccount} of {@code userId}; {@code secret} gives each secret field's value by its name. */
    static Map<String, Object> account(String userId, String provider, String providerAccountId, UnaryOperator<String> secret) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("userId", userId);
        account.put("type", "oauth");
        account.put("provider", provider);
        account.put("providerAccountId", providerAccountId);
        account.put("refresh_token", secret.apply("refresh_token"));
        account.put("access_token", secret.apply("access_token"));
        account.put("expires_at", 1_900_000_000);
        account.put("token_type", "bearer");
        account.put("scope", "read:user user:email");
        account.put("id_token", secret.apply("id_token"));
        account.put("session_state", secret.apply("session_state"));
        return account;
    }

    /** A write to the command-service; {@code body} (null for none) is sent as JSON. */
    HttpResponse<String> write(String method, String path, Object body) throws Exception {
        return system.send(method, system.commands.url(path), TestTokens.authAdapter(),
                body == null ? null : json.writeValueAsString(body), Map.of());
    }

    /** A write that must create: 201. */
    Written create(String path, Object body) throws Exception {
        HttpResponse<String> response = write("POST", path, body);
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(201);
        return Written.of(response);
    }

    /** A write that must change or delete: 200. */
    Written change(String method, String path, Object body) throws Exception {
        HttpResponse<String> response = write(method, path, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
        return Written.of(response);
    }

    /** A query-service GET answered once the write with {@code consistencyToken} is projected. */
    HttpResponse<String> read(String path, long consistencyToken) throws Exception {
        return system.send("GET", system.queries.url(path), TestTokens.authAdapter(), null,
                Map.of(CONSISTENCY_TOKEN, Long.toString(consistencyToken)));
    }

    /** Auth.js {@code getSessionAndUser}: the token travels in the body. */
    HttpResponse<String> lookupSession(String sessionToken, long consistencyToken) throws Exception {
        return system.send("POST", system.queries.url("/api/sessions/lookup"), TestTokens.authAdapter(),
                json.writeValueAsString(Map.of("sessionToken", sessionToken)),
                Map.of(CONSISTENCY_TOKEN, Long.toString(consistencyToken)));
    }

    /** The body of an answer that must be 200: a read that finds something, or a write's answer. */
    static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Auth.js turns this into {@code null}: a 404 problem of type {@code not-found}, from either service. */
    static void assertNotFound(HttpResponse<String> response) throws Exception {
        assertProblem(response, 404, "not-found");
    }

    /** An {@code application/problem+json} answer with {@code status} whose type ends with {@code /type}. */
    static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(contentType -> assertThat(contentType).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("type").asText()).endsWith("/" + type);
    }
}

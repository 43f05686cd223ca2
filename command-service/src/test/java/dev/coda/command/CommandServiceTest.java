package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the command-service's API tests: the service on a random port against its own PostgreSQL
 * database, called over HTTP as a client would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CommandServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("command_api");
    private static final HttpClient http = HttpClient.newHttpClient();
    protected static final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    private ApplicationContext context;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
        registry.add("coda.security.jwt.secret", () -> TestTokens.SECRET);
        registry.add("coda.secrets.master-key", () -> TestTokens.MASTER_KEY);
    }

    protected String registerUser() throws Exception {
        HttpResponse<String> response = send("POST", "/api/users", TestTokens.authAdapter(),
                "{\"name\":\"Ada\",\"email\":\"user-" + UUID.randomUUID() + "@example.com\"}", Map.of());
        assertThat(response.statusCode()).isEqualTo(201);
        return body(response).get("id").asText();
    }

    /** Drops an aggregate from the cache named {@code cache}, so that its next command loads it from the store. */
    protected void dropFromTheCache(String cache, String aggregateId) {
        context.getBean(cache, Cache.class).remove(aggregateId);
    }

    protected long eventCount() {
        return jdbc.sql("SELECT count(*) FROM eventstore.domain_event_entry").query(Long.class).single();
    }

    /** The payload types of a board's events, oldest first (simple class names). */
    protected List<String> eventTypes(String userId) {
        return jdbc.sql("""
                        SELECT payload_type FROM eventstore.domain_event_entry
                        WHERE aggregate_identifier = :board ORDER BY sequence_number""")
                .param("board", userId + ":ideas")
                .query(String.class).list().stream()
                .map(type -> type.substring(type.lastIndexOf('$') + 1))
                .toList();
    }

    protected HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers)
            throws Exception {
        return sendTo(port, method, path, token, body, headers);
    }

    /** A request to the instance on {@code instancePort} (this test's service, or one the test started beside it). */
    protected static HttpResponse<String> sendTo(int instancePort, String method, String path, String token, String body,
                                                 Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instancePort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    protected static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    /** The fields a validation problem names, in its order. */
    protected static List<String> fields(HttpResponse<String> response) throws Exception {
        List<String> fields = new ArrayList<>();
        body(response).get("errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }
}

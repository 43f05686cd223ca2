package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** A signed-in user, and what it takes over HTTP to pair a runner and give it jobs. */
abstract class DevModeTest extends CommandServiceTest {

    String user;
    String token;

    @BeforeEach
    void signIn() throws Exception {
        user = registerUser();
        token = TestTokens.user(user);
    }

    /** A paired runner as the runner sees it: its token, plus the secrets it saw on the way. */
    record PairedRunner(String pairingId, String code, String jti, String runnerToken) {
    }

    PairedRunner pair(String userToken) throws Exception {
        JsonNode started = body(send("POST", "/api/pairings", userToken, null, Map.of()));
        String code = started.get("pairingCode").asText();
        HttpResponse<String> claimed = send("POST", "/api/pairings/claim", null,
                "{\"pairingCode\":\"" + code.toLowerCase() + "\",\"runnerType\":\"cli\",\"runnerVersion\":\"1.0\",\"hostname\":\"laptop\"}",
                Map.of());
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(200);
        String jti = body(claimed).get("pairingJti").asText();
        String pairingId = started.get("id").asText();
        assertThat(poll(jti).get("status").asText()).isEqualTo("pending");
        assertThat(send("POST", "/api/pairings/" + pairingId + "/approve", userToken, null, Map.of()).statusCode()).isEqualTo(200);
        JsonNode approved = poll(jti);
        assertThat(approved.get("status").asText()).isEqualTo("approved");
        return new PairedRunner(pairingId, code, jti, approved.get("runnerToken").asText());
    }

    JsonNode poll(String jti) throws Exception {
        HttpResponse<String> response = send("POST", "/api/pairings/poll", null, "{\"pairingJti\":\"" + jti + "\"}", Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    String createIdea(String userToken) throws Exception {
        return body(send("POST", "/api/ideas", userToken, "{\"title\":\"Runnable\"}", Map.of())).get("id").asText();
    }

    String requestJob(String userToken, String ideaId) throws Exception {
        HttpResponse<String> response = send("POST", "/api/ideas/" + ideaId + "/jobs", userToken,
                "{\"command\":\"make test\",\"cwd\":\"/src\"}", Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return body(response).get("id").asText();
    }

    HttpResponse<String> runner(PairedRunner runner, String jobId, String action, String body) throws Exception {
        return send("POST", "/api/runner/jobs/" + jobId + "/" + action, runner.runnerToken(), body, Map.of());
    }

    static String logs(int lines, String level) {
        StringBuilder batch = new StringBuilder("{\"lines\":[");
        for (int i = 0; i < lines; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"level\":\"").append(level).append("\",\"message\":\"line ")
                    .append(i).append("\",\"timestamp\":\"2026-11-25T10:00:00.").append(String.format("%06d", i)).append("Z\"}");
        }
        return batch.append("]}").toString();
    }

    /** The types of the job's events, in order. */
    List<String> eventTypesOf(String jobId) {
        return jdbc.sql("SELECT payload_type FROM eventstore.domain_event_entry WHERE aggregate_identifier = :job ORDER BY sequence_number")
                .param("job", jobId).query(String.class).list().stream()
                .map(type -> type.substring(type.lastIndexOf('$') + 1))
                .toList();
    }
}

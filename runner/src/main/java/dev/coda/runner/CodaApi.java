package dev.coda.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The few calls a runner makes: pairing on the command side, pending jobs on the query side, job reports. */
final class CodaApi {

    /** A pending job as the query side lists it. */
    record Job(String id, String command, String cwd) {
    }

    record Poll(String status, String runnerToken) {
    }

    record LogLine(String level, String message, Instant timestamp) {
    }

    /**
     * The server refused a call or failed it: {@code status} is the HTTP status, {@code type} the name of the
     * problem type ({@code illegal-job-transition} for {@code https://coda.dev/problems/illegal-job-transition}),
     * or empty when the answer was no problem document (from a proxy, say).
     */
    static final class Refused extends IOException {
        final int status;
        final String type;

        Refused(int status, String body) {
            super("HTTP " + status + ": " + body);
            this.status = status;
            this.type = problemType(body);
        }

        /**
         * Whether the same call may well succeed later: Coda timed out, is busy, or failing (408, 429, 5xx), or
         * another change to the job won a race (409 {@code concurrent-change}).
         */
        boolean isTransient() {
            return status == 408 || status == 429 || status >= 500 || status == 409 && type.equals("concurrent-change");
        }

        /** Whether the runner's token is no longer taken (revoked): the runner must pair again. */
        boolean isTokenRefused() {
            return status == 401 || status == 403;
        }

        private static String problemType(String body) {
            try {
                String type = JSON.readTree(body).path("type").asText("");
                return type.substring(type.lastIndexOf('/') + 1);
            } catch (IOException notJson) {
                return "";
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** How long a call waits for its answer. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI commands;
    private final URI queries;
    private final String token;

    CodaApi(URI commands, URI queries) {
        this(commands, queries, null);
    }

    private CodaApi(URI commands, URI queries, String token) {
        this.commands = commands;
        this.queries = queries;
        this.token = token;
    }

    CodaApi withToken(String runnerToken) {
        return new CodaApi(commands, queries, runnerToken);
    }

    /** Claims {@code code}; the same {@code claimId} sent again gets the same JTI, so a claim can be retried. */
    String claim(String code, String type, String version, String hostname, String claimId)
            throws IOException, InterruptedException {
        return post(commands, "/api/pairings/claim", Map.of("pairingCode", code, "runnerType", type,
                "runnerVersion", version, "hostname", hostname, "claimId", claimId))
                .get("pairingJti").asText();
    }

    Poll poll(String jti) throws IOException, InterruptedException {
        JsonNode poll = post(commands, "/api/pairings/poll", Map.of("pairingJti", jti));
        return new Poll(poll.get("status").asText(), poll.path("runnerToken").isTextual() ? poll.get("runnerToken").asText() : null);
    }

    List<Job> pendingJobs() throws IOException, InterruptedException {
        JsonNode items = send(HttpRequest.newBuilder(endpoint(queries, "/api/runner/jobs")).GET()).get("items");
        List<Job> jobs = new ArrayList<>();
        items.forEach(job -> jobs.add(new Job(job.get("id").asText(), job.get("command").asText(),
                job.path("cwd").isTextual() ? job.get("cwd").asText() : null)));
        return jobs;
    }

    /**
     * The job's status as the read model has it: pending, running, completed, or failed (also when cancelled).
     * Asked without waiting for the answer, which fails with a {@link Refused} or another {@link IOException}.
     */
    CompletableFuture<String> jobStatus(String jobId) {
        return sendAsync(HttpRequest.newBuilder(endpoint(queries, "/api/runner/jobs/" + jobId)).GET())
                .thenApply(job -> job.path("status").asText());
    }

    /** Renews the runner's lease on the running job, without waiting for the answer. */
    CompletableFuture<JsonNode> keepAlive(String jobId) {
        return sendAsync(HttpRequest.newBuilder(endpoint(commands, "/api/runner/jobs/" + jobId + "/heartbeat"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Starts the job; {@code attempt} names this start, so that Coda answers a retry of it as the first. */
    void start(String jobId, UUID attempt) throws IOException, InterruptedException {
        post(commands, "/api/runner/jobs/" + jobId + "/start", Map.of("attempt", attempt));
    }

    /** Sends the job's batch number {@code sequence} (from 1): Coda takes a batch it already has only once. */
    void appendLogs(String jobId, long sequence, List<LogLine> lines) throws IOException, InterruptedException {
        post(commands, "/api/runner/jobs/" + jobId + "/logs", Map.of("sequence", sequence, "lines", lines));
    }

    void finish(String jobId, int exitCode) throws IOException, InterruptedException {
        send(finishing(jobId, exitCode));
    }

    /** The same, without waiting for the answer. */
    CompletableFuture<JsonNode> finishAsync(String jobId, int exitCode) {
        return sendAsync(finishing(jobId, exitCode));
    }

    private HttpRequest.Builder finishing(String jobId, int exitCode) {
        return posting(commands, "/api/runner/jobs/" + jobId + "/finish", Map.of("exitCode", exitCode));
    }

    private JsonNode post(URI base, String path, Object body) throws IOException, InterruptedException {
        return send(posting(base, path, body));
    }

    private static HttpRequest.Builder posting(URI base, String path, Object body) {
        try {
            return HttpRequest.newBuilder(endpoint(base, path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException notJson) {
            throw new IllegalArgumentException(notJson); // the runner's own request bodies are plain maps
        }
    }

    /** {@code path} under {@code base}, whose own path (Coda served under {@code /coda}, say) is kept. */
    private static URI endpoint(URI base, String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return body(http.send(authorized(request), HttpResponse.BodyHandlers.ofString()));
    }

    /** The answer's body, once it comes; a refusal or an unreadable answer fails the future. */
    private CompletableFuture<JsonNode> sendAsync(HttpRequest.Builder request) {
        return http.sendAsync(authorized(request), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            try {
                return body(response);
            } catch (IOException refusedOrUnreadable) {
                throw new CompletionException(refusedOrUnreadable);
            }
        });
    }

    private HttpRequest authorized(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.timeout(TIMEOUT).build();
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        if (response.statusCode() >= 300) {
            throw new Refused(response.statusCode(), response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}

package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Dev Mode end to end with the real runner CLI as its own process: it pairs with the code the user got,
 * runs a job that prints thousands of lines, and the lines arrive in order in the query API and, each of them, as
 * a change record on {@code <prefix>.public.dev_logs}.
 */
class DevModeEndToEndIT extends SystemTest {

    private static final int LINES = 3_000;
    private static final ObjectMapper json = new ObjectMapper();

    @Test
    void thePairedRunnerRunsAJobAndItsLinesArriveInOrderInTheQueryApiAndEachOnKafka() throws Exception {
        String token = TestTokens.user(system.newUser());
        String idea = body(system.send("POST", system.commands.url("/api/ideas"), token, "{\"title\":\"Run me\"}", Map.of()))
                .get("id").asText();
        JsonNode pairing = body(system.send("POST", system.commands.url("/api/pairings"), token, null, Map.of()));
        Path tokenFile = Path.of("target", "runner-" + UUID.randomUUID(), "token").toAbsolutePath();

        Process pair = runner("pair", "--code", pairing.get("pairingCode").asText(), "--token-file", tokenFile.toString(),
                "--command-url", system.commands.url(""), "--query-url", system.queries.url(""));
        approveOnceClaimed(token, pairing.get("id").asText());
        assertThat(pair.waitFor(60, TimeUnit.SECONDS)).as("runner paired").isTrue();
        assertThat(pair.exitValue()).isZero();
        assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        HttpResponse<String> requested = system.send("POST", system.commands.url("/api/ideas/" + idea + "/jobs"), token,
                "{\"command\":\"i=1; while [ $i -le " + LINES + " ]; do echo line $i; i=$((i+1)); done; echo oops >&2; exit 3\"}",
                Map.of());
        String job = body(requested).get("id").asText();
        // no server named: the runner sends its token to the servers it paired with, stored beside it
        Process run = runner("run", "--once", "--poll-interval", "1s", "--token-file", tokenFile.toString());
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("runner ran the job").isTrue();
        assertThat(run.exitValue()).isZero();

        JsonNode finished = awaitJobEnded(token, job);
        assertThat(finished.get("status").asText()).isEqualTo("failed");
        assertThat(finished.get("exitCode").asInt()).isEqualTo(3);
        assertThat(logMessages(token, job, "info"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, LINES).mapToObj(i -> "line " + i).toList());
        assertThat(logMessages(token, job, "error")).containsExactly("oops");
        List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, LINES).mapToObj(i -> "line " + i).toList());
        expected.add("oops");
        List<ConsumerRecord<String, String>> records = system.consumeUntil(system.topic("dev_logs"),
                seen -> insertedMessages(job, seen).size() >= expected.size(), Duration.ofSeconds(90));
        assertThat(insertedMessages(job, records)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The messages of {@code job}'s lines among the change records: each line's insert (Kafka orders them per key). */
    private static List<String> insertedMessages(String job, List<ConsumerRecord<String, String>> records) {
        List<String> messages = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode change = record.value() == null ? null : readTree(record.value());
            if (change != null && change.get("op").asText().equals("c") && change.get("after").get("job_id").asText().equals(job)) {
                messages.add(change.get("after").get("message").asText());
            }
        }
        return messages;
    }

    private static JsonNode readTree(String value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process runner(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", TestInfrastructure.projectRoot().resolve("runner/target/coda-runner.jar").toString()));
        command.addAll(List.of(arguments));
        return ChildProcesses.start(new ProcessBuilder(command).inheritIO());
    }

    /** The user approves as soon as the runner has claimed the code (409 until then). */
    private static void approveOnceClaimed(String token, String pairingId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (system.send("POST", system.commands.url("/api/pairings/" + pairingId + "/approve"), token, null, Map.of())
                .statusCode() != 200) {
            assertThat(Instant.now()).as("runner claimed the code in time").isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval
        }
    }

    /** The job once the read side shows it ended: a job still pending or running there has not been projected yet. */
    private static JsonNode awaitJobEnded(String token, String job) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            JsonNode state = body(system.send("GET", system.queries.url("/api/jobs/" + job), token, null, Map.of()));
            if (!List.of("pending", "running").contains(state.get("status").asText())) {
                return state;
            }
            assertThat(Instant.now()).as("job %s ended on the read side in time: %s", job, state).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval
        }
    }

    private static List<String> logMessages(String token, String job, String level) throws Exception {
        List<String> messages = new ArrayList<>();
        String cursor = null;
        while (true) {
            JsonNode page = body(system.send("GET", system.queries.url("/api/jobs/" + job + "/logs?limit=1000&level=" + level
                    + (cursor == null ? "" : "&after=" + cursor)), token, null, Map.of()));
            page.get("items").forEach(line -> messages.add(line.get("message").asText()));
            if (page.get("items").size() < 1000) {
                return messages;
            }
            cursor = page.get("nextCursor").asText();
        }
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return json.readTree(response.body());
    }
}

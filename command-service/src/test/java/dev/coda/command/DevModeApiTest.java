package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.coda.command.jobs.JobsProperties;
import dev.coda.platform.secrets.Hashes;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Pairing runners and running jobs over HTTP, including every cross-user and wrong-runner attempt. */
class DevModeApiTest extends DevModeTest {

    @Autowired
    private JobsProperties jobs;

    @Test
    void aRunnerThatPollsAgainGetsItsTokenAgainAndBothAnswersWork() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));

        JsonNode again = poll(runner.jti());
        PairedRunner collectedAgain = new PairedRunner(runner.pairingId(), runner.code(), runner.jti(),
                again.get("runnerToken").asText());

        assertThat(again.get("status").asText()).isEqualTo("approved");
        assertThat(SignedJWT.parse(collectedAgain.runnerToken()).getJWTClaimsSet().getJWTID())
                .isEqualTo(SignedJWT.parse(runner.runnerToken()).getJWTClaimsSet().getJWTID());
        assertThat(runner(collectedAgain, job, "start", null).statusCode()).isEqualTo(200);
        assertThat(runner(runner, job, "logs", logs(1, "info")).statusCode()).isEqualTo(200);
        assertThat(eventTypesOf(runner.pairingId())).containsOnlyOnce("RunnerTokenIssued");
    }

    @Test
    void aClaimSentAgainWithItsClaimIdGetsTheSameJtiUntilApproval() throws Exception {
        JsonNode started = body(send("POST", "/api/pairings", token, null, Map.of()));
        String claim = "{\"pairingCode\":\"" + started.get("pairingCode").asText()
                + "\",\"runnerType\":\"cli\",\"claimId\":\"%s\"}";
        String claimId = UUID.randomUUID().toString();

        HttpResponse<String> tooShort = send("POST", "/api/pairings/claim", null, claim.formatted("short"), Map.of());
        HttpResponse<String> first = send("POST", "/api/pairings/claim", null, claim.formatted(claimId), Map.of());
        HttpResponse<String> again = send("POST", "/api/pairings/claim", null, claim.formatted(claimId), Map.of());
        HttpResponse<String> other = send("POST", "/api/pairings/claim", null, claim.formatted(UUID.randomUUID()), Map.of());
        send("POST", "/api/pairings/" + started.get("id").asText() + "/approve", token, null, Map.of());
        HttpResponse<String> afterApproval = send("POST", "/api/pairings/claim", null, claim.formatted(claimId), Map.of());

        assertProblem(tooShort, 400);
        assertThat(fields(tooShort)).containsExactly("claimId");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(body(again).get("pairingJti")).isEqualTo(body(first).get("pairingJti"));
        assertProblem(other, 400);
        assertProblem(afterApproval, 400);
        assertThat(eventTypesOf(started.get("id").asText())).containsExactly("PairingStarted", "PairingClaimed", "PairingApproved");
        assertThat(poll(body(first).get("pairingJti").asText()).get("runnerToken").asText()).isNotBlank();
    }

    @Test
    void unknownAndAlreadyUsedCodesGetTheSameAnswer() throws Exception {
        PairedRunner runner = pair(token);
        String claim = "{\"pairingCode\":\"%s\",\"runnerType\":\"cli\"}";

        HttpResponse<String> unknown = send("POST", "/api/pairings/claim", null, claim.formatted("ZZZZ-ZZZZ"), Map.of());
        HttpResponse<String> used = send("POST", "/api/pairings/claim", null, claim.formatted(runner.code()), Map.of());

        assertProblem(unknown, 400);
        assertProblem(used, 400);
        assertThat(body(unknown).get("detail")).isEqualTo(body(used).get("detail"));
    }

    @Test
    void aRunnerRunsAJobFromStartToFinish() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));

        assertThat(runner(runner, job, "start", null).statusCode()).isEqualTo(200);
        assertThat(runner(runner, job, "logs", logs(3, "info")).statusCode()).isEqualTo(200);
        assertThat(runner(runner, job, "finish", "{\"exitCode\":0}").statusCode()).isEqualTo(200);

        assertThat(eventTypesOf(job)).containsExactly("JobRequested", "JobStarted", "JobLogsAppended", "JobFinished");
    }

    @Test
    void aNumberedBatchSentAgainIsStoredOnce() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));
        runner(runner, job, "start", null);
        String batch = "{\"sequence\":1," + logs(2, "info").substring(1);

        assertThat(runner(runner, job, "logs", batch).statusCode()).isEqualTo(200);
        assertThat(runner(runner, job, "logs", batch).statusCode()).as("the answer to a batch sent again").isEqualTo(200);
        HttpResponse<String> unnumbered = runner(runner, job, "logs", "{\"sequence\":0," + logs(1, "info").substring(1));

        assertProblem(unnumbered, 400);
        assertThat(body(unnumbered).toString()).contains("sequence");
        assertThat(jdbc.sql("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = :job"
                        + " AND payload_type LIKE '%JobLogsAppended'")
                .param("job", job).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void illegalTransitionsAre409AndChangeNothing() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));

        assertProblem(runner(runner, job, "logs", logs(1, "info")), 409);
        assertProblem(runner(runner, job, "finish", "{\"exitCode\":1}"), 409);
        String start = "{\"attempt\":\"" + UUID.randomUUID() + "\"}";
        runner(runner, job, "start", start);
        assertThat(runner(runner, job, "start", start).statusCode()).as("its runner's start, sent again").isEqualTo(200);
        assertProblem(runner(runner, job, "start", "{\"attempt\":\"" + UUID.randomUUID() + "\"}"), 409);
        assertProblem(runner(runner, job, "start", null), 409); // as a runner before 0.5 would send it
        assertProblem(runner(pair(token), job, "start", start), 409);
        runner(runner, job, "finish", "{\"exitCode\":1}");
        assertProblem(runner(runner, job, "logs", logs(1, "info")), 409);
        assertProblem(runner(runner, job, "finish", "{\"exitCode\":0}"), 409);
        assertProblem(send("POST", "/api/jobs/" + job + "/cancel", token, null, Map.of()), 409);
    }

    @Test
    void theUserCancelsARunningJob() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));
        runner(runner, job, "start", null);

        assertThat(send("POST", "/api/jobs/" + job + "/cancel", token, null, Map.of()).statusCode()).isEqualTo(200);
        assertProblem(runner(runner, job, "logs", logs(1, "info")), 409);
    }

    @Test
    void aJobLoadedAgainStartsFromItsSnapshot() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));
        runner(runner, job, "start", null);
        for (int batch = 0; batch < jobs.eventsPerSnapshot(); batch++) {
            assertThat(runner(runner, job, "logs", logs(1, "info")).statusCode()).isEqualTo(200);
        }
        Await.until("a snapshot of the job", Duration.ofSeconds(10), () -> snapshotOf(job) != null);

        // the events the snapshot stands for are not read again: without it, the job would not exist
        jdbc.sql("DELETE FROM eventstore.domain_event_entry WHERE aggregate_identifier = :job AND sequence_number <= :at")
                .param("job", job).param("at", snapshotOf(job)).update();
        dropFromTheCache("devJobCache", job);

        HttpResponse<String> finished = runner(runner, job, "finish", "{\"exitCode\":0}");
        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);
    }

    private Long snapshotOf(String job) {
        return jdbc.sql("SELECT max(sequence_number) FROM eventstore.snapshot_event_entry WHERE aggregate_identifier = :job")
                .param("job", job).query(Long.class).optional().orElse(null);
    }

    @Test
    void noOtherUserNorTheirRunnerCanTouchAJob() throws Exception {
        String idea = createIdea(token);
        String job = requestJob(token, idea);
        String strangerToken = TestTokens.user(registerUser());
        PairedRunner strangersRunner = pair(strangerToken);

        assertProblem(send("POST", "/api/ideas/" + idea + "/jobs", strangerToken, "{\"command\":\"ls\"}", Map.of()), 404);
        assertProblem(send("POST", "/api/jobs/" + job + "/cancel", strangerToken, null, Map.of()), 404);
        assertProblem(runner(strangersRunner, job, "start", null), 404);

        PairedRunner usersRunner = pair(token);
        assertThat(runner(usersRunner, job, "start", null).statusCode()).isEqualTo(200);
        assertProblem(runner(strangersRunner, job, "logs", logs(1, "info")), 404);
        assertProblem(runner(strangersRunner, job, "heartbeat", null), 404);
        assertProblem(runner(strangersRunner, job, "finish", "{\"exitCode\":0}"), 404);
        assertThat(eventTypesOf(job)).containsExactly("JobRequested", "JobStarted");
    }

    @Test
    void noOtherUserCanApproveOrRevokeAPairing() throws Exception {
        PairedRunner usersRunner = pair(token);
        String strangerToken = TestTokens.user(registerUser());
        List<String> before = eventTypesOf(usersRunner.pairingId());

        assertProblem(send("POST", "/api/pairings/" + usersRunner.pairingId() + "/approve", strangerToken, null, Map.of()), 404);
        assertProblem(send("DELETE", "/api/pairings/" + usersRunner.pairingId(), strangerToken, null, Map.of()), 404);

        assertThat(eventTypesOf(usersRunner.pairingId())).isEqualTo(before).doesNotContain("PairingRevoked");
        assertThat(runner(usersRunner, requestJob(token, createIdea(token)), "start", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anIdOfAnotherKindOfAggregateIsNotFound() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));
        long events = eventCount();

        assertProblem(send("POST", "/api/jobs/" + runner.pairingId() + "/cancel", token, null, Map.of()), 404);
        assertProblem(send("POST", "/api/jobs/" + user + "/cancel", token, null, Map.of()), 404);
        assertProblem(runner(runner, runner.pairingId(), "start", null), 404);
        assertProblem(send("POST", "/api/pairings/" + job + "/approve", token, null, Map.of()), 404);
        assertProblem(send("DELETE", "/api/pairings/" + job, token, null, Map.of()), 404);
        assertProblem(send("DELETE", "/api/users/" + job, TestTokens.authAdapter(), null, Map.of()), 404);
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void onlyTheRunnerThatStartedAJobReportsOnIt() throws Exception {
        PairedRunner first = pair(token);
        PairedRunner second = pair(token);
        String job = requestJob(token, createIdea(token));
        runner(first, job, "start", null);

        assertProblem(runner(second, job, "logs", logs(1, "info")), 404);
        assertProblem(runner(second, job, "heartbeat", null), 404);
        assertProblem(runner(second, job, "finish", "{\"exitCode\":0}"), 404);
    }

    @Test
    void aRevokedRunnerTokenStopsWorkingAtOnce() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));

        assertThat(send("DELETE", "/api/pairings/" + runner.pairingId(), token, null, Map.of()).statusCode()).isEqualTo(200);

        assertProblem(runner(runner, job, "start", null), 401);
        assertThat(poll(runner.jti()).get("status").asText()).isEqualTo("revoked");
        // the same claims with the scope where Spring grants it from too, signed with the secret
        for (Map<String, ?> scope : List.of(Map.of("scp", "runner"), Map.of("scope", List.of("runner")))) {
            Map<String, Object> claims = new HashMap<>(SignedJWT.parse(runner.runnerToken()).getJWTClaimsSet().toJSONObject());
            claims.remove("scope");
            claims.putAll(scope);
            String reshaped = TestTokens.signClaims(TestTokens.SECRET, json.writeValueAsString(claims));
            assertProblem(send("POST", "/api/runner/jobs/" + job + "/start", reshaped, null, Map.of()), 401);
        }
    }

    @Test
    void aRunnerTokenIsGoodForTheRunnerApiOnly() throws Exception {
        PairedRunner runner = pair(token);

        assertProblem(send("POST", "/api/ideas", runner.runnerToken(), "{\"title\":\"not mine to make\"}", Map.of()), 403);
        assertProblem(send("POST", "/api/runner/jobs/" + UUID.randomUUID() + "/start", token, null, Map.of()), 403);
    }

    @Test
    void badRunnerInputIsA400NamingTheField() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));
        runner(runner, job, "start", null);

        HttpResponse<String> level = runner(runner, job, "logs", logs(1, "verbose"));
        HttpResponse<String> tooMany = runner(runner, job, "logs", logs(1_001, "info"));
        HttpResponse<String> empty = runner(runner, job, "logs", "{\"lines\":[]}");
        HttpResponse<String> badLines = runner(runner, job, "logs", "{\"lines\":[{\"level\":\"info\",\"message\":\"fine\","
                + "\"timestamp\":\"2026-11-25T10:00:00Z\"},{\"level\":\"warn\",\"message\":\"" + "x".repeat(16_385) + "\"},null]}");
        HttpResponse<String> nul = runner(runner, job, "logs", "{\"lines\":[{\"level\":\"info\",\"message\":\"a\\u0000b\","
                + "\"timestamp\":\"2026-11-25T10:00:00Z\"}]}");
        HttpResponse<String> farFuture = runner(runner, job, "logs", "{\"lines\":[{\"level\":\"info\",\"message\":\"m\","
                + "\"timestamp\":\"+300000-01-01T00:00:00Z\"}]}");
        HttpResponse<String> noExitCode = runner(runner, job, "finish", "{}");
        HttpResponse<String> badType = send("POST", "/api/pairings/claim", null,
                "{\"pairingCode\":\"ABCD-EFGH\",\"runnerType\":\"toaster\"}", Map.of());
        HttpResponse<String> noCommand = send("POST", "/api/ideas/" + UUID.randomUUID() + "/jobs", token, "{\"cwd\":\"/\"}", Map.of());

        assertProblem(level, 400);
        assertThat(fields(level)).containsExactly("lines[0].level");
        assertProblem(tooMany, 400);
        assertThat(fields(tooMany)).containsExactly("lines");
        assertProblem(empty, 400);
        assertProblem(badLines, 400);
        assertThat(fields(badLines)).containsExactly("lines[1].message", "lines[1].timestamp", "lines[2]");
        assertProblem(nul, 400);
        assertThat(fields(nul)).containsExactly("lines[0].message");
        assertThat(body(nul).get("errors").get(0).get("message").asText()).isEqualTo("must not contain NUL characters");
        assertProblem(farFuture, 400);
        assertThat(fields(farFuture)).containsExactly("lines[0].timestamp");
        assertProblem(noExitCode, 400);
        assertThat(fields(noExitCode)).containsExactly("exitCode");
        assertProblem(badType, 400);
        assertThat(fields(badType)).containsExactly("runnerType");
        assertProblem(noCommand, 400);
        assertThat(fields(noCommand)).containsExactly("command");
    }

    @Test
    void aUserWhoWasNeverRegisteredCannotStartAPairing() throws Exception {
        long events = eventCount();

        HttpResponse<String> started = send("POST", "/api/pairings", TestTokens.user("never-registered-" + UUID.randomUUID()),
                null, Map.of());

        assertProblem(started, 403);
        assertThat(body(started).get("type").asText()).endsWith("unknown-user");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void pairingSecretsNeverRestInTheEventStore() throws Exception {
        PairedRunner runner = pair(token);

        String plainCodeHash = Hashes.sha256(runner.code().replace("-", "")); // 40 bits: published, it could be reversed
        for (String secret : new String[] {runner.code(), runner.code().replace("-", ""), plainCodeHash, runner.jti(),
                runner.runnerToken()}) {
            assertThat(jdbc.sql("SELECT count(*) FROM eventstore.domain_event_entry WHERE payload LIKE :s OR meta_data LIKE :s")
                    .param("s", "%" + secret + "%").query(Long.class).single()).as(secret).isZero();
        }
    }
}

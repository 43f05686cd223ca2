package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** A running job is held by its runner's heartbeats; once its (here: short) lease runs out, it is abandoned. */
@TestPropertySource(properties = {"coda.jobs.lease=5s", "coda.jobs.lease-check-interval=100ms"})
@DirtiesContext // its fast sweeper would go on, among the next classes' rows in the shared database
class JobLeaseTest extends DevModeTest {

    @Test
    void aJobWhoseRunnerFellSilentIsAbandonedAndTheRunnersReportsAreRefusedThen() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));
        assertThat(runner(runner, job, "start", null).statusCode()).isEqualTo(200);

        Await.until("the job abandoned", Duration.ofSeconds(20), () -> eventTypesOf(job).contains("JobAbandoned"));

        assertThat(eventTypesOf(job)).containsExactly("JobRequested", "JobStarted", "JobAbandoned");
        assertProblem(runner(runner, job, "heartbeat", null), 409);
        assertProblem(runner(runner, job, "finish", "{\"exitCode\":0}"), 409);
        assertThat(leasesOf(job)).isZero();
    }

    @Test
    void heartbeatsKeepAJobRunningForLongerThanItsLease() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));
        runner(runner, job, "start", null);

        Instant twoLeases = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(twoLeases)) {
            assertThat(runner(runner, job, "heartbeat", null).statusCode()).isEqualTo(200);
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // the runner's pause between heartbeats
        }

        assertThat(runner(runner, job, "finish", "{\"exitCode\":0}").statusCode()).isEqualTo(200);
        assertThat(eventTypesOf(job)).containsExactly("JobRequested", "JobStarted", "JobFinished");
        assertThat(leasesOf(job)).isZero();
    }

    @Test
    void aDeletedUsersLeasesAreForgotten() throws Exception {
        PairedRunner runner = pair(token);
        String job = requestJob(token, createIdea(token));
        runner(runner, job, "start", null);
        assertThat(leasesOf(job)).isOne();

        assertThat(send("DELETE", "/api/users/" + user, TestTokens.authAdapter(), null, Map.of()).statusCode()).isEqualTo(200);

        assertThat(leasesOf(job)).isZero();
    }

    private long leasesOf(String job) {
        return jdbc.sql("SELECT count(*) FROM eventstore.job_leases WHERE job_id = :job")
                .param("job", UUID.fromString(job)).query(Long.class).single();
    }
}

package dev.coda.command.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.CommandServiceTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The sweeper's own runs, without the scheduled one's (which ran once, when the service started): after a start,
 * the leases that ran out while Coda was down get a full lease first.
 */
@TestPropertySource(properties = "coda.jobs.lease-check-interval=1h")
class JobLeaseSweeperTest extends CommandServiceTest {

    @Autowired
    private JobLeases leases;
    @Autowired
    private JobsProperties properties;
    @Autowired
    private CommandGateway commands;

    @Test
    void afterAStartLeasesThatRanOutGetAFullLeaseAndOnlyThenAreSwept() {
        UUID job = UUID.randomUUID(); // a lease without a job: what only a lost write could leave
        Instant before = Instant.now();
        leaseUntil(job, before.minus(Duration.ofMinutes(1)));
        JobLeaseSweeper sweeper = new JobLeaseSweeper(leases, commands);

        sweeper.abandonJobsOfLostRunners();

        assertThat(expiry(job)).get().satisfies(expiresAt ->
                assertThat(expiresAt).isAfterOrEqualTo(before.plus(properties.lease())));

        leaseUntil(job, before.minus(Duration.ofMinutes(1)));
        sweeper.abandonJobsOfLostRunners();

        assertThat(expiry(job)).as("the lease of no job is dropped").isEmpty();
    }

    private void leaseUntil(UUID job, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO eventstore.job_leases (job_id, user_id, expires_at) VALUES (:job, 'u-sweeper', :at)
                        ON CONFLICT (job_id) DO UPDATE SET expires_at = excluded.expires_at""")
                .param("job", job).param("at", Timestamp.from(expiresAt)).update();
    }

    private Optional<Instant> expiry(UUID job) {
        return jdbc.sql("SELECT expires_at FROM eventstore.job_leases WHERE job_id = :job")
                .param("job", job).query(Timestamp.class).optional().map(Timestamp::toInstant);
    }
}

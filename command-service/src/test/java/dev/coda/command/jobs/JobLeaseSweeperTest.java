package dev.coda.command.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coda.command.CommandServiceTest;
import dev.coda.command.jobs.JobLeases.Expired;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
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

    @Test
    void afterARunThatCouldNotReachTheDatabaseLeasesThatRanOutGetAFullLeaseFirst() {
        UUID job = UUID.randomUUID();
        Instant before = Instant.now();
        AtomicBoolean databaseDown = new AtomicBoolean();
        JobLeases unreliable = new JobLeases(jdbc, properties) {
            @Override
            List<Expired> expired(int limit) {
                if (databaseDown.get()) {
                    throw new CannotGetJdbcConnectionException("the database is down");
                }
                return super.expired(limit);
            }
        };
        JobLeaseSweeper sweeper = new JobLeaseSweeper(unreliable, commands);
        sweeper.abandonJobsOfLostRunners(); // the start's run

        databaseDown.set(true);
        assertThatThrownBy(sweeper::abandonJobsOfLostRunners).isInstanceOf(CannotGetJdbcConnectionException.class);
        databaseDown.set(false);
        leaseUntil(job, before.minus(Duration.ofMinutes(1))); // heartbeats could not be stored meanwhile
        sweeper.abandonJobsOfLostRunners();

        assertThat(expiry(job)).get().satisfies(expiresAt ->
                assertThat(expiresAt).isAfterOrEqualTo(before.plus(properties.lease())));
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

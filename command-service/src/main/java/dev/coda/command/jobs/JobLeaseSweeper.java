package dev.coda.command.jobs;

import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.jobs.JobCommand.AbandonJob;
import dev.coda.command.jobs.JobLeases.Expired;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends the running jobs whose lease ran out: their runner stopped sending heartbeats. Runs on every instance; a
 * job another instance ended, or whose runner renewed its lease meanwhile, is left as it is by the aggregate.
 * Its first run, when the service starts, only extends every lease: the runners could not reach a Coda that was
 * down, and their jobs are not to be ended for that. So does its first run after one that could not reach the
 * database: while Coda could not store their heartbeats, the runners' leases ran out through no fault of theirs.
 */
@Component
class JobLeaseSweeper {

    private static final Logger log = LoggerFactory.getLogger(JobLeaseSweeper.class);
    private static final int BATCH = 100;

    private final JobLeases leases;
    private final CommandGateway commands;
    /**
     * Whether the leases were extended since the service started or last failed to reach the database; only the
     * scheduler's thread reads it.
     */
    private boolean resumed;

    JobLeaseSweeper(JobLeases leases, CommandGateway commands) {
        this.leases = leases;
        this.commands = commands;
    }

    @Scheduled(fixedDelayString = "${coda.jobs.lease-check-interval:30s}")
    void abandonJobsOfLostRunners() {
        if (!resumed) {
            leases.extendAll();
            resumed = true;
            return;
        }
        List<Expired> expiredLeases;
        try {
            expiredLeases = leases.expired(BATCH);
        } catch (DataAccessException unreachable) {
            resumed = false;
            throw unreachable;
        }
        for (Expired expired : expiredLeases) {
            try {
                if (Boolean.TRUE.equals(commands.sendAndWait(new AbandonJob(expired.userId(), expired.jobId())))) {
                    log.info("Job {} abandoned: its runner sent no heartbeat within its lease", expired.jobId());
                }
            } catch (CommandRefused refused) {
                if (refused.reason() == Reason.NOT_FOUND) {
                    leases.drop(expired.jobId()); // no such job of the user's: nothing to end
                }
            } catch (AggregateNotFoundException noSuchJob) {
                leases.drop(expired.jobId());
            } catch (RuntimeException failed) {
                log.warn("Job {} not abandoned yet (tried again in a moment): {}", expired.jobId(), failed.toString());
            }
        }
    }
}

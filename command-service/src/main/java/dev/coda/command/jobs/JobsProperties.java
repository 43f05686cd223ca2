package dev.coda.command.jobs;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param eventsPerSnapshot  after how many events a job is snapshotted, so that loading it replays at most that
 *                           many of its log batches after its latest snapshot
 * @param lease              how long a runner holds a running job without a heartbeat or a batch of logs (its
 *                           runner sends a heartbeat every 30 s); then the job is abandoned
 * @param leaseCheckInterval how often the sweeper looks for jobs whose lease ran out
 * @param maxLogCharactersPerJob the most characters of log messages one job keeps: each batch renews the job's
 *                           lease, so without it one job could log until the disks are full
 * @param maxRunningJobsPerUser the most jobs one user's runners run at once: a runner runs one job at a time, but
 *                           several runner processes can share one pairing's token
 */
@ConfigurationProperties("coda.jobs")
@Validated
public record JobsProperties(@DefaultValue("100") @Positive int eventsPerSnapshot,
                             @DefaultValue("5m") @NotNull Duration lease,
                             @DefaultValue("30s") @NotNull Duration leaseCheckInterval,
                             @DefaultValue("100000000") @Positive long maxLogCharactersPerJob,
                             @DefaultValue("20") @Positive int maxRunningJobsPerUser) {
}

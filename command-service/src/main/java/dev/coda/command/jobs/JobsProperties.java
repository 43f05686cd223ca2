package dev.coda.command.jobs;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param eventsPerSnapshot after how many events a job is snapshotted, so that loading it replays at most that
 *                          many of its log batches after its latest snapshot
 */
@ConfigurationProperties("coda.jobs")
@Validated
public record JobsProperties(@DefaultValue("100") @Positive int eventsPerSnapshot) {
}

package dev.coda.command.ideas;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param undoWindow        how long a deleted idea can be restored (the seed's 7-day recovery window)
 * @param purgeInterval     how often the purger looks for ideas whose undo window has passed
 * @param eventsPerSnapshot after how many events a board is snapshotted, so that loading it replays at most
 *                          that many events after its latest snapshot
 */
@ConfigurationProperties("coda.ideas")
@Validated
public record IdeasProperties(@DefaultValue("7d") Duration undoWindow, @DefaultValue("1m") Duration purgeInterval,
                              @DefaultValue("250") @Positive int eventsPerSnapshot) {
}

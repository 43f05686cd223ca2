package dev.coda.command.ideas;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param undoWindow        how long a deleted idea can be restored (the seed's 7-day recovery window)
 * @param purgeInterval     how often the purger looks for ideas whose undo window has passed
 * @param eventsPerSnapshot    after how many events a board with a short history is snapshotted; a longer one
 *                             waits for a quarter of its history, up to {@code maxEventsPerSnapshot}
 * @param maxEventsPerSnapshot the most events a board waits for its next snapshot, and so the most that loading it
 *                             replays after its latest snapshot
 * @param maxIdeasPerUser      the most ideas a user keeps, those in the trash included until they are purged: a
 *                             board is loaded whole to decide on a command, so its size is what one user can make a
 *                             command-service instance hold
 * @param cachedIdeas          the most ideas, over all boards, that an instance keeps in memory between commands
 *                             (about 310 bytes each); the least used boards are dropped first
 */
@ConfigurationProperties("coda.ideas")
@Validated
public record IdeasProperties(@DefaultValue("7d") Duration undoWindow, @DefaultValue("1m") Duration purgeInterval,
                              @DefaultValue("250") @Positive int eventsPerSnapshot,
                              @DefaultValue("2500") @Positive int maxEventsPerSnapshot,
                              @DefaultValue("100000") @Positive int maxIdeasPerUser,
                              @DefaultValue("500000") @Positive long cachedIdeas) {

    /** Checked at startup, so that a deployment that raises one of the two is told which property to raise too. */
    @AssertTrue(message = "coda.ideas.max-events-per-snapshot must be at least coda.ideas.events-per-snapshot")
    boolean isMaxEventsPerSnapshotAtLeastTheMinimum() {
        return maxEventsPerSnapshot >= eventsPerSnapshot;
    }
}

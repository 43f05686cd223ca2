package dev.coda.command.ideas;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
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
 * @param maxIdeasPerUser      the most ideas a user keeps, those in the trash included until they are purged
 * @param maxFeaturesPerUser   the most features a user keeps over all their ideas: a board is loaded whole to
 *                             decide on a command, so these two bound what one user can make an instance hold
 * @param maxFeaturesPerIdea   the most features one idea holds
 * @param maxFeatureTextPerIdea the most characters of text an idea's features hold together (titles, notes, details,
 *                             sections' ids, titles and content): an idea is read whole, with its features, in one
 *                             answer and in each page of ideas, so this and {@code maxFeaturesPerIdea} (each feature
 *                             also carries its ids and timestamps) bound what one idea's answer carries
 * @param positionShiftsPerSecond how many ideas' or features' positions one user's moves, deletions and restores
 *                             renumber per second, after a whole board's worth ({@link PositionShifts}): each is a
 *                             row the read model writes
 * @param boardCacheSize       about how much memory the boards an instance keeps between commands may take in all
 *                             (each board weighed by its ideas and features); the least used are dropped first
 */
@ConfigurationProperties("coda.ideas")
@Validated
public record IdeasProperties(@DefaultValue("7d") Duration undoWindow, @DefaultValue("1m") Duration purgeInterval,
                              @DefaultValue("250") @Positive int eventsPerSnapshot,
                              @DefaultValue("2500") @Positive int maxEventsPerSnapshot,
                              @DefaultValue("100000") @Positive int maxIdeasPerUser,
                              @DefaultValue("500000") @Positive int maxFeaturesPerUser,
                              @DefaultValue("5000") @Positive int maxFeaturesPerIdea,
                              @DefaultValue("1000000") @Positive long maxFeatureTextPerIdea,
                              @DefaultValue("5000") @Positive int positionShiftsPerSecond,
                              @DefaultValue("160MB") @NotNull DataSize boardCacheSize) {

    /** Checked at startup, so that a deployment that raises one of the two is told which property to raise too. */
    @AssertTrue(message = "coda.ideas.max-events-per-snapshot must be at least coda.ideas.events-per-snapshot")
    boolean isMaxEventsPerSnapshotAtLeastTheMinimum() {
        return maxEventsPerSnapshot >= eventsPerSnapshot;
    }

    /**
     * Checked at startup: a cache smaller than one full board (every idea created with an idempotency key) would
     * drop it after every command.
     */
    @AssertTrue(message = "coda.ideas.board-cache-size must hold a board at coda.ideas.max-ideas-per-user and"
            + " coda.ideas.max-features-per-user: about 320 bytes an idea, 600 an idempotency key, 128 a feature")
    boolean isBoardCacheSizeEnoughForAFullBoard() {
        return boardCacheSize == null
                || boardCacheSize.toBytes() >= IdeaBoard.bytesInMemory(maxIdeasPerUser, maxFeaturesPerUser, maxIdeasPerUser);
    }
}

package dev.coda.command.ideas;

import java.time.Duration;

/** A user renumbered too many positions lately ({@link PositionShifts}); {@link #retryAfter()} says when enough are back. */
public class TooManyShifts extends RuntimeException {

    private final Duration retryAfter;

    TooManyShifts(Duration retryAfter) {
        super("Your moves, deletions and restores renumbered many ideas or features lately; try again in "
                + retryAfter.toSeconds() + " s.");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

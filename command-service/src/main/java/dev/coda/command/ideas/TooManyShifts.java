package dev.coda.command.ideas;

import dev.coda.command.CommandRefused;
import java.time.Duration;

/**
 * A user renumbered too many positions lately ({@link PositionShifts}); {@link #retryAfter()} says when enough are back.
 * A refusal like any other: the board stays cached.
 */
public class TooManyShifts extends CommandRefused {

    private final Duration retryAfter;

    TooManyShifts(Duration retryAfter) {
        super(Reason.TOO_MANY_MOVES, "Your moves, deletions and restores renumbered many ideas or features lately; try"
                + " again in " + retryAfter.toSeconds() + " s.");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

package dev.coda.command.pairings;

import java.time.Duration;

/** The client failed too many pairing-code claims recently. */
public class TooManyFailedClaims extends RuntimeException {

    private final Duration retryAfter;

    TooManyFailedClaims(Duration retryAfter) {
        super("Too many failed pairing attempts; try again later.");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

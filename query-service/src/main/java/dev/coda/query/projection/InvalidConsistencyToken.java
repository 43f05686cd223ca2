package dev.coda.query.projection;

import dev.coda.platform.consistency.ConsistencyToken;

/** The consistency token header is not a token a command returned. */
public class InvalidConsistencyToken extends RuntimeException {

    private InvalidConsistencyToken(String message) {
        super(message);
    }

    static InvalidConsistencyToken malformed() {
        return new InvalidConsistencyToken(ConsistencyToken.HEADER + " must be a non-negative integer, as returned by a command.");
    }

    /** A command answers only after its events are stored, so a token beyond the store's last event is made up. */
    static InvalidConsistencyToken beyondTheEventStore() {
        return new InvalidConsistencyToken(ConsistencyToken.HEADER + " names an event the store does not have: "
                + "send the token a command returned.");
    }
}

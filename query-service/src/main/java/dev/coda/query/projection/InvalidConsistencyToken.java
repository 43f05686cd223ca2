package dev.coda.query.projection;

import dev.coda.platform.consistency.ConsistencyToken;

/** The consistency token header is not a non-negative integer. */
public class InvalidConsistencyToken extends RuntimeException {

    InvalidConsistencyToken() {
        super(ConsistencyToken.HEADER + " must be a non-negative integer, as returned by a command.");
    }
}

package dev.coda.platform.consistency;

/**
 * A command's consistency token is the global index of the last event it appended. A query carrying it in
 * {@link #HEADER} is answered only once the projections have passed that event: a client reads its own
 * writes without sleeping.
 */
public record ConsistencyToken(long globalIndex) {

    public static final String HEADER = "X-Consistency-Token";
}

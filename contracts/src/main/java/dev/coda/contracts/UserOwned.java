package dev.coda.contracts;

/**
 * An event that belongs to one user's data. Projections sequence events on {@link #userId()}, so a user's
 * row is always written before the rows that reference it, whatever the number of processor segments.
 */
public interface UserOwned {

    String userId();
}

package dev.coda.command.users;

/**
 * The caller's token names a user that was never registered. A user's first aggregate refuses it: every read
 * table hangs off {@code users}, so an event of an unknown user could not be projected.
 */
public class UnknownUser extends RuntimeException {

    public UnknownUser() {
        super("The authenticated user is not registered.");
    }
}

package dev.coda.command.ideas;

/** The caller's token names a user that was never registered. */
public class UnknownUser extends RuntimeException {

    UnknownUser() {
        super("The authenticated user is not registered.");
    }
}

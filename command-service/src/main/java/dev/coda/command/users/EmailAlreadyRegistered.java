package dev.coda.command.users;

/** Another user already registered this email address. */
public class EmailAlreadyRegistered extends RuntimeException {

    EmailAlreadyRegistered() {
        super("A user with this email is already registered.");
    }
}

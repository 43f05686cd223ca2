package dev.coda.command.users;

/** Registers a new user on behalf of the trusted auth adapter. */
public record RegisterUser(String userId, String name, String email, String image) {
}

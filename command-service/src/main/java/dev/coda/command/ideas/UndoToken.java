package dev.coda.command.ideas;

import dev.coda.platform.secrets.Hashes;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret that restores a deleted idea. Only the client ever holds the token itself; events and tables
 * keep its SHA-256 hash.
 */
record UndoToken(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static UndoToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new UndoToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    String hash() {
        return Hashes.sha256(value);
    }

    @Override
    public String toString() {
        return "UndoToken[redacted]";
    }
}

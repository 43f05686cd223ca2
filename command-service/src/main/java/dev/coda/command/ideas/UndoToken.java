package dev.coda.command.ideas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "UndoToken[redacted]";
    }
}

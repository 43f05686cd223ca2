package dev.coda.platform.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How secrets are referred to where they must not rest: by their SHA-256 hash. */
public final class Hashes {

    private Hashes() {
    }

    /** The SHA-256 of {@code value}'s UTF-8 bytes, as 64 lowercase hex digits. */
    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

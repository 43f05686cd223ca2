package dev.coda.command.pairings;

import dev.coda.platform.secrets.Hashes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Pairing codes and JTIs: how they are made, normalised and hashed (a code with a key, see
 * {@code PairingController}). Only hashes are ever stored.
 */
final class Secrets {

    /** Crockford's base32: no I, L, O or U, so a code survives being read aloud and typed. */
    private static final char[] CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int CODE_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A code such as {@code 7KQ2-M9XD}: 40 random bits, enough with the limit on failed claims. */
    static String newPairingCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < CODE_LENGTH; i++) {
            if (i == CODE_LENGTH / 2) {
                code.append('-');
            }
            code.append(CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)]);
        }
        return code.toString();
    }

    /** The canonical form of a typed code: case, dashes, spaces and look-alike letters do not matter. */
    static String normalizeCode(String typed) {
        return typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "")
                .replace('O', '0').replace('I', '1').replace('L', '1');
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        return Hashes.sha256(secret);
    }
}

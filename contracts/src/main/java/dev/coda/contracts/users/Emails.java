package dev.coda.contracts.users;

import java.util.Locale;

/**
 * How both sides tell two emails apart: by their key, the address trimmed and lower-cased by Java's Unicode
 * rules. The command side keeps one user per key (its registry holds the key's hash), and the read side finds a
 * user and the sign-in links sent to them by the same key, never by PostgreSQL's {@code lower()}, which under
 * the C locale folds only ASCII letters and under others folds by rules of its own.
 */
public final class Emails {

    private Emails() {
    }

    /** The key of an email or other verification identifier: {@code Élodie@X.fr} and {@code élodie@x.fr} share one. */
    public static String key(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}

package dev.coda.contracts.users;

import dev.coda.contracts.EventRevision;
import java.time.Instant;

/**
 * Events of a {@code VerificationToken} (magic-link sign-in). Its identifier, {@code tokenId}, is
 * {@code verification:} + SHA-256 of identifier, newline, token (the token has enough entropy that the hash
 * gives nothing away); it is also the subject of the data key that seals {@code identifier} and
 * {@code token}. Using the token, or sweeping it once it expired unused, destroys that key.
 */
public sealed interface VerificationTokenEvent {

    String tokenId();

    /** {@code identifier} and {@code token} are sealed. */
    @EventRevision("1")
    record VerificationTokenIssued(String tokenId, String identifier, String token, Instant expires)
            implements VerificationTokenEvent {
    }

    /** The token was used, which spends it: a second use finds nothing. */
    @EventRevision("1")
    record VerificationTokenUsed(String tokenId, Instant usedAt) implements VerificationTokenEvent {
    }

    /** The token expired unused and was swept: like a used one, it finds nothing and its key is destroyed. */
    @EventRevision("1")
    record VerificationTokenExpired(String tokenId, Instant sweptAt) implements VerificationTokenEvent {
    }
}

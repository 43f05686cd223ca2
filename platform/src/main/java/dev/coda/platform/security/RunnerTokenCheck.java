package dev.coda.platform.security;

/**
 * Whether a runner token is still good: issued for an approved pairing that was not revoked since. A
 * service that accepts runner tokens provides one; without it, runner tokens are refused.
 */
public interface RunnerTokenCheck {

    /** The scope of runner tokens; such a token may only call {@code /api/runner/**}. */
    String SCOPE = "runner";

    /** The claim naming the pairing a runner token belongs to. */
    String PAIRING_CLAIM = "pairing_id";

    boolean isActive(String pairingId, String tokenId);
}

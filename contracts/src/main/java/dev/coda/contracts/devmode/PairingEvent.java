package dev.coda.contracts.devmode;

import dev.coda.contracts.EventRevision;
import dev.coda.contracts.UserOwned;
import java.time.Instant;
import java.util.UUID;

/**
 * Events of a runner {@code Pairing}: a user starts it, a runner claims its code, the user approves it,
 * the runner collects its token once, and the user may revoke it. Pairing codes and JTIs are secrets:
 * events carry only their SHA-256 hashes.
 */
public sealed interface PairingEvent extends UserOwned {

    UUID pairingId();

    @EventRevision("1")
    record PairingStarted(String userId, UUID pairingId, String pairingCodeHash, String pairingJtiHash,
                          Instant expiresAt, Instant at) implements PairingEvent {
    }

    /** A runner typed the pairing code and described itself; it polls with the JTI hashed here. */
    @EventRevision("1")
    record PairingClaimed(String userId, UUID pairingId, String pairingJtiHash, String runnerType, String runnerVersion,
                          String hostname, Instant at) implements PairingEvent {
    }

    @EventRevision("1")
    record PairingApproved(String userId, UUID pairingId, Instant at) implements PairingEvent {
    }

    /** The runner collected its token; {@code tokenId} is the token's {@code jti}, never the token. */
    @EventRevision("1")
    record RunnerTokenIssued(String userId, UUID pairingId, String tokenId, Instant at) implements PairingEvent {
    }

    /** The user revoked the pairing: its runner token stops working at once. */
    @EventRevision("1")
    record PairingRevoked(String userId, UUID pairingId, Instant at) implements PairingEvent {
    }
}

package dev.coda.command.pairings;

import java.time.Duration;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a runner pairing. Codes and JTIs travel only as hashes. */
public sealed interface PairingCommand {

    @TargetAggregateIdentifier
    UUID pairingId();

    record StartPairing(String userId, UUID pairingId, String pairingCodeHash, String placeholderJtiHash,
                        Duration validity) implements PairingCommand {
    }

    record ClaimPairing(UUID pairingId, String pairingJtiHash, String runnerType,
                        String runnerVersion, String hostname) implements PairingCommand {
    }

    record ApprovePairing(String userId, UUID pairingId) implements PairingCommand {
    }

    /**
     * The runner polls with its JTI; {@code tokenId} names the token if this poll is the first to collect it.
     * Polls until {@code collectionWindow} after that collect the same token again.
     */
    record CollectRunnerToken(UUID pairingId, String tokenId, Duration collectionWindow) implements PairingCommand {
    }

    record RevokePairing(String userId, UUID pairingId) implements PairingCommand {
    }
}

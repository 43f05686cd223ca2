package dev.coda.query.devmode;

import dev.coda.platform.security.RunnerTokenCheck;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Runner tokens are good here while their pairing is approved and not revoked in the read model: a revocation
 * acts here once projected (the read model's lag, milliseconds when it keeps up), where the command side, which
 * also checks the token's own id, refuses the token at once.
 */
@Component
class RunnerPairings implements RunnerTokenCheck {

    private final JobQueries queries;

    RunnerPairings(JobQueries queries) {
        this.queries = queries;
    }

    @Override
    public boolean isActive(String pairingId, String tokenId) {
        try {
            return queries.isPairingApproved(UUID.fromString(pairingId));
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }
}

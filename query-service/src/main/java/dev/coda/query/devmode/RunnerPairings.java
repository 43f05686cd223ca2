package dev.coda.query.devmode;

import dev.coda.platform.security.RunnerTokenCheck;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Runner tokens are good here while their pairing is approved and not revoked in the read model. */
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

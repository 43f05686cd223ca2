package dev.coda.query.devmode;

import dev.coda.platform.security.RunnerTokenCheck;
import dev.coda.query.projection.ProjectionProgress;
import dev.coda.query.projection.ReadModelProperties;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Runner tokens are good here while their pairing is approved and not revoked in the read model, and while each
 * is its pairing's newest: a revocation, or a newer token (its runner polled again), acts here once projected
 * (the read model's lag, milliseconds when it keeps up), where the command side refuses the token at once.
 * <p>
 * A token the read model does not find good may have been issued just now, or its pairing approved just now:
 * then this waits, as a read with a consistency token would, until the read model has every event stored so
 * far, and asks again. So a runner is never refused for the read model's lag, and a refused one is refused
 * after one look at the store's head when the read model keeps up.
 */
@Component
class RunnerPairings implements RunnerTokenCheck {

    private final JobQueries queries;
    private final ProjectionProgress progress;
    private final ReadModelProperties properties;

    RunnerPairings(JobQueries queries, ProjectionProgress progress, ReadModelProperties properties) {
        this.queries = queries;
        this.progress = progress;
        this.properties = properties;
    }

    @Override
    public boolean isActive(String pairingId, String tokenId) {
        UUID pairing;
        try {
            pairing = UUID.fromString(pairingId);
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
        return isNewestOfApproved(pairing, tokenId)
                || progress.awaitHead(properties.consistencyWait()) && isNewestOfApproved(pairing, tokenId);
    }

    /** A pairing whose tokens the read model has not seen (just issued, or issued before it kept them) has one. */
    private boolean isNewestOfApproved(UUID pairing, String tokenId) {
        return queries.newestRunnerToken(pairing)
                .map(newest -> newest.tokenId() == null || newest.tokenId().equals(tokenId))
                .orElse(false);
    }
}

package dev.coda.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

/** When a stored token tells of lost commits: it no longer covers what this instance claimed or stored last. */
class ForwardOnlyTokenStoreTest {

    private static GapAwareTrackingToken token(long index, Long... gaps) {
        return GapAwareTrackingToken.newInstance(index, Set.of(gaps));
    }

    @Test
    void aStoredTokenBehindOrMissingTellsOfLostCommits() {
        assertThat(ForwardOnlyTokenStore.isBehind(token(101), token(102))).isTrue();
        assertThat(ForwardOnlyTokenStore.isBehind(null, token(102))).isTrue();
    }

    /** Event 101 committed after 102: the batch that projected it alone moved no position, and it can be lost too. */
    @Test
    void aStoredTokenWithAGapThatWasFilledTellsOfLostCommits() {
        assertThat(ForwardOnlyTokenStore.isBehind(token(102, 101L), token(102))).isTrue();
    }

    @Test
    void theSameTokenOrOneAheadIsNoLoss() {
        assertThat(ForwardOnlyTokenStore.isBehind(token(102), token(102))).isFalse();
        assertThat(ForwardOnlyTokenStore.isBehind(token(103), token(102, 101L))).isFalse();
        assertThat(ForwardOnlyTokenStore.isBehind(ReplayToken.createReplayToken(token(200), token(50)), token(50))).isFalse();
    }
}

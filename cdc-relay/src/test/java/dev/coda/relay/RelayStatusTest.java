package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/**
 * The relay is healthy only while its engine polls and Kafka takes its batches: not while it connects, not once
 * it stopped, and not once no batch, not even a heartbeat's, was acknowledged for three heartbeat intervals.
 */
class RelayStatusTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final AtomicLong now = new AtomicLong();
    private final RelayStatus status = new RelayStatus(new SimpleMeterRegistry(), HEARTBEAT, now::get);

    @Test
    void healthIsUpOnlyWhileTheEnginePolls() {
        assertThat(status.health().getStatus()).as("before the engine polls").isEqualTo(Status.DOWN);

        status.pollingStarted();
        assertThat(status.health().getStatus()).isEqualTo(Status.UP);

        status.pollingStopped();
        assertThat(status.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void anEngineThatFailedIsDownWithItsError() {
        status.pollingStarted();
        status.engineStopped(false, "Connector failed", new IllegalStateException("slot in use"));

        assertThat(status.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(status.health().getDetails()).containsEntry("lastError", "Connector failed");
    }

    @Test
    void anEngineRestartedAfterAFailureIsUpOnlyOnceABatchIsAcknowledged() {
        status.pollingStarted();
        status.engineStopped(false, "A record Kafka refuses", null);

        status.pollingStarted(); // restarted: it may fail on the same record again
        assertThat(status.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(status.health().getDetails()).containsKey("restarted");

        status.published(1, null);
        assertThat(status.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void anEngineThatPollsButGetsNoBatchAcknowledgedForThreeHeartbeatsIsDown() {
        status.pollingStarted();
        advance(HEARTBEAT.multipliedBy(2));
        status.published(0, null); // a heartbeat's batch
        advance(HEARTBEAT.multipliedBy(3));
        assertThat(status.health().getStatus()).isEqualTo(Status.UP);

        advance(Duration.ofSeconds(1));

        assertThat(status.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(status.health().getDetails()).containsKey("stalled");
        status.published(1, null);
        assertThat(status.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aBatchWhoseRecordsAreStillBeingAcknowledgedIsProgress() {
        status.pollingStarted();
        advance(HEARTBEAT.multipliedBy(3));
        status.acknowledged();
        advance(HEARTBEAT.multipliedBy(2));

        assertThat(status.health().getStatus()).isEqualTo(Status.UP);
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}

package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** The relay is healthy only while its engine polls: not while it connects, and not once it stopped. */
class RelayStatusTest {

    private final RelayStatus status = new RelayStatus(new SimpleMeterRegistry());

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
}

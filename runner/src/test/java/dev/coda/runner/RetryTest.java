package dev.coda.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How long the runner keeps making a call that fails, and which failures it does not make again. */
@Timeout(60) // a give-up that never comes fails the test instead of hanging the build
class RetryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(1);

    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void aCallThatKeepsFailingIsGivenUpAfterThePatienceWithItsLastFailure() {
        long started = System.nanoTime();

        ConnectException thrown = assertThrows(ConnectException.class, () -> Retry.untilAnswered("answer", () -> {
            throw new ConnectException("refused, call " + calls.incrementAndGet());
        }, PATIENCE));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isGreaterThanOrEqualTo(PATIENCE);
        assertThat(calls.get()).as("made again after 0.25, 0.75 and 1.75 s, the pause doubling").isGreaterThan(1);
        assertThat(thrown.getMessage()).as("the last call's failure").isEqualTo("refused, call " + calls.get());
    }

    @Test
    void aCodaThatKeepsFailingIsGivenUpTooButARefusalIsItsAnswer() {
        CodaApi.Refused failing = assertThrows(CodaApi.Refused.class, () -> Retry.untilAnswered("answer", () -> {
            calls.incrementAndGet();
            throw new CodaApi.Refused(503, "{}");
        }, PATIENCE));
        assertThat(failing.status).isEqualTo(503);
        assertThat(calls.get()).isGreaterThan(1);

        calls.set(0);
        CodaApi.Refused refused = assertThrows(CodaApi.Refused.class, () -> Retry.untilAnswered("answer", () -> {
            calls.incrementAndGet();
            throw new CodaApi.Refused(400, "{\"type\":\"https://coda.dev/problems/invalid-request\"}");
        }, PATIENCE));
        assertThat(refused.status).isEqualTo(400);
        assertThat(calls.get()).as("made once").isEqualTo(1);
    }

    @Test
    void aCallAnsweredAfterFailuresReturnsTheAnswer() throws Exception {
        String answer = Retry.untilAnswered("answer", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("timed out");
            }
            return "answered";
        }, PATIENCE);

        assertThat(answer).isEqualTo("answered");
        assertThat(calls.get()).isEqualTo(3);
    }
}

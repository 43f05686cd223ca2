package dev.coda.command.pairings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClaimLimiterTest {

    private final ClaimLimiter limiter = new ClaimLimiter(
            new PairingProperties(Duration.ofMinutes(10), 3, Duration.ofMinutes(10), Duration.ofDays(1)));

    @Test
    void aBurstOfParallelGuessesGetsNoMoreThroughThanTheLimit() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Boolean>> guesses = IntStream.range(0, 64)
                    .mapToObj(guess -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return limiter.tryClaim("10.0.0.1");
                    }, clients))
                    .toList();
            start.countDown();

            assertThat(guesses.stream().filter(CompletableFuture::join).count()).isEqualTo(3);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aClaimThatSucceedsDoesNotCountAndOtherClientsAreNotLimited() {
        for (int claim = 0; claim < 5; claim++) {
            assertThat(limiter.tryClaim("10.0.0.1")).isTrue();
            limiter.succeeded("10.0.0.1");
        }
        for (int guess = 0; guess < 3; guess++) {
            assertThat(limiter.tryClaim("10.0.0.1")).isTrue();
        }

        assertThat(limiter.tryClaim("10.0.0.1")).isFalse();
        assertThat(limiter.tryClaim("10.0.0.2")).isTrue();
    }
}

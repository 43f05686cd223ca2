package dev.coda.command.pairings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClaimLimiterTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);

    private Instant now = Instant.parse("2026-11-27T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ClaimLimiter limiter = new ClaimLimiter(new PairingProperties(Duration.ofMinutes(10), 3, WINDOW, Duration.ofDays(1), Duration.ofMinutes(15), 20), clock);

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

    @Test
    void theAddressesOfOneIpv6NetworkAreOneClient() {
        for (String address : List.of("2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:2:abcd:1:2:3")) {
            assertThat(limiter.tryClaim(address)).isTrue();
        }

        assertThat(limiter.tryClaim("2001:db8:1:2::42")).as("another address of the same /64").isFalse();
        assertThat(limiter.tryClaim("2001:db8:1:3::1")).as("the next /64").isTrue();
        assertThat(limiter.tryClaim("::ffff:10.0.0.9")).as("IPv4 as IPv6").isTrue();
        assertThat(ClaimLimiter.clientOf("::ffff:10.0.0.9")).isEqualTo("10.0.0.9");
        assertThat(ClaimLimiter.clientOf("2001:DB8:1:2::7")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }

    @Test
    void aClientWhoseFailuresLeftTheWindowIsForgottenAndMayGuessAgain() {
        for (int guess = 0; guess < 3; guess++) {
            limiter.tryClaim("10.0.0.1");
        }
        limiter.tryClaim("10.0.0.2");
        now = now.plus(WINDOW.dividedBy(2));
        limiter.tryClaim("10.0.0.2");
        now = now.plus(WINDOW.dividedBy(2)).plusSeconds(1);

        limiter.forgetPastFailures();

        assertThat(limiter.clientsRemembered()).as("only the client with a failure in the window").isOne();
        assertThat(limiter.tryClaim("10.0.0.1")).isTrue();
    }

    @Test
    void aClientWithoutFailuresTakesNoMemory() {
        assertThat(limiter.tryClaim("10.0.0.1")).isTrue();
        limiter.succeeded("10.0.0.1");

        assertThat(limiter.clientsRemembered()).isZero();
    }

    @Test
    void pastSoManyClientsWithFailuresANewOneWaitsAndTheOthersKeepTheirCounts() {
        for (int client = 0; client < ClaimLimiter.MAX_CLIENTS; client++) {
            limiter.tryClaim("10." + (client >> 16) + "." + ((client >> 8) & 0xff) + "." + (client & 0xff));
        }

        assertThat(limiter.tryClaim("192.0.2.1")).isFalse();
        assertThat(limiter.clientsRemembered()).isEqualTo(ClaimLimiter.MAX_CLIENTS);
        assertThat(limiter.tryClaim("10.0.0.0")).as("a known client's second guess").isTrue();
    }
}

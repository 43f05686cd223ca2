package dev.coda.command.pairings;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Limits failed pairing-code claims per client address, so that 40 bits of code cannot be guessed:
 * with the defaults a client gets 10 guesses per 10 minutes. A claim counts as failed from the moment it is
 * let through until it succeeds, so that a burst of parallel guesses cannot all pass before the first fails.
 * Kept in memory: each instance counts its own.
 */
@Component
class ClaimLimiter {

    private final PairingProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    ClaimLimiter(PairingProperties properties) {
        this.properties = properties;
    }

    /** Lets a claim of {@code client} through, counted as failed until {@link #succeeded}; false if none is left. */
    boolean tryClaim(String client) {
        Deque<Instant> recent = failures.computeIfAbsent(client, key -> new ArrayDeque<>());
        synchronized (recent) {
            forgetOld(recent);
            if (recent.size() >= properties.maxFailedClaims()) {
                return false;
            }
            recent.addLast(clock.instant());
            return true;
        }
    }

    /** The claim let through did not fail after all. */
    void succeeded(String client) {
        Deque<Instant> recent = failures.get(client);
        synchronized (recent) {
            recent.pollLast();
        }
    }

    private void forgetOld(Deque<Instant> recent) {
        Instant cutoff = clock.instant().minus(properties.failedClaimWindow());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
            recent.removeFirst();
        }
    }
}

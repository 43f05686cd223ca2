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
 * with the defaults a client gets 10 guesses per 10 minutes. Kept in memory: each instance counts its own.
 */
@Component
class ClaimLimiter {

    private final PairingProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    ClaimLimiter(PairingProperties properties) {
        this.properties = properties;
    }

    boolean isBlocked(String client) {
        Deque<Instant> recent = failures.get(client);
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            forgetOld(recent);
            return recent.size() >= properties.maxFailedClaims();
        }
    }

    void failed(String client) {
        Deque<Instant> recent = failures.computeIfAbsent(client, key -> new ArrayDeque<>());
        synchronized (recent) {
            forgetOld(recent);
            recent.addLast(clock.instant());
        }
    }

    private void forgetOld(Deque<Instant> recent) {
        Instant cutoff = clock.instant().minus(properties.failedClaimWindow());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
            recent.removeFirst();
        }
    }
}

package dev.coda.command.pairings;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Limits failed pairing-code claims per client, so that 40 bits of code cannot be guessed: with the defaults
 * a client gets 10 guesses per 10 minutes. A claim counts as failed from the moment it is let through until it
 * succeeds, so that a burst of parallel guesses cannot all pass before the first fails. An IPv6 client is its
 * /64 network, since one host has a whole /64 to pick addresses from. Kept in memory, and only for clients
 * with failures in the window: each instance counts its own.
 */
@Component
class ClaimLimiter {

    static final int MAX_CLIENTS = 100_000;
    private static final int IPV6_NETWORK_BYTES = 8;
    /** What the JDK parses as an IPv6 literal, never asking a resolver: it starts with a hex digit or a colon. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    private final PairingProperties properties;
    private final Clock clock;
    /** Each client's failed claims in the window, oldest first; a client without any has no entry. */
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    @Autowired
    ClaimLimiter(PairingProperties properties) {
        this(properties, Clock.systemUTC());
    }

    ClaimLimiter(PairingProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Lets a claim from {@code address} through, counted as failed until {@link #succeeded}; false if none is left,
     * or if {@value #MAX_CLIENTS} other clients have failures in the window (an attack from that many addresses:
     * new clients wait until they leave it, rather than memory growing or old counts being dropped).
     */
    boolean tryClaim(String address) {
        boolean[] letThrough = {false};
        failures.compute(clientOf(address), (client, recent) -> {
            if (recent == null && failures.size() >= MAX_CLIENTS) {
                return null;
            }
            Deque<Instant> kept = recent == null ? new ArrayDeque<>() : withoutOld(recent);
            if (kept.size() < properties.maxFailedClaims()) {
                kept.addLast(clock.instant());
                letThrough[0] = true;
            }
            return kept;
        });
        return letThrough[0];
    }

    /** The claim let through did not fail after all. */
    void succeeded(String address) {
        failures.computeIfPresent(clientOf(address), (client, recent) -> {
            recent.pollLast();
            return recent.isEmpty() ? null : recent;
        });
    }

    /** Forgets the clients whose failures have all left the window, so that only recent ones take memory. */
    @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
    void forgetPastFailures() {
        failures.keySet().forEach(client -> failures.computeIfPresent(client, (key, recent) -> {
            Deque<Instant> kept = withoutOld(recent);
            return kept.isEmpty() ? null : kept;
        }));
    }

    /** How many clients have failures remembered. */
    int clientsRemembered() {
        return failures.size();
    }

    private Deque<Instant> withoutOld(Deque<Instant> recent) {
        Instant cutoff = clock.instant().minus(properties.failedClaimWindow());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
            recent.removeFirst();
        }
        return recent;
    }

    /** The client an address stands for: itself, or for IPv6 its /64 network. */
    static String clientOf(String address) {
        if (!IPV6_LITERAL.matcher(address).matches()) {
            return address; // IPv4, or not an address at all: never looked up
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet6Address) {
                byte[] network = parsed.getAddress();
                Arrays.fill(network, IPV6_NETWORK_BYTES, network.length, (byte) 0);
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            }
            return parsed.getHostAddress(); // an IPv4-mapped IPv6 address
        } catch (UnknownHostException notAnAddress) {
            return address;
        }
    }
}

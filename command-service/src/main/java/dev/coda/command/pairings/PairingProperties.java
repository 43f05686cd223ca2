package dev.coda.command.pairings;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param validity           how long a pairing code can be claimed and the pairing approved
 * @param maxFailedClaims    failed claims allowed per client address within {@code failedClaimWindow}
 * @param failedClaimWindow  the window of that limit; beyond it a client gets 429 until the window passes
 * @param runnerTokenTtl     how long a runner token lives (it can be revoked at any time before)
 * @param tokenCollectionWindow how long after its runner token was first collected a poll collects it again: a
 *                           runner whose answer was lost polls again, and it retries a call for 15 minutes,
 *                           plus a last pause and timeout (30 s each)
 * @param maxOpenPairingsPerUser the most pairings one user has open at once: approved and not revoked, or waiting
 *                           for a runner's claim or the user's approval; each is a runner, or may become one
 */
@ConfigurationProperties("coda.pairings")
@Validated
public record PairingProperties(
        @DefaultValue("10m") Duration validity,
        @DefaultValue("10") int maxFailedClaims,
        @DefaultValue("10m") Duration failedClaimWindow,
        @DefaultValue("365d") Duration runnerTokenTtl,
        @DefaultValue("20m") Duration tokenCollectionWindow,
        @DefaultValue("20") @Positive int maxOpenPairingsPerUser) {
}

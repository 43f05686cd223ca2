package dev.coda.command.users;

import dev.coda.command.users.VerificationTokenCommand.SweepVerificationToken;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sweeps the sign-in links that expired unused, so that the addresses they were sent to, sealed in their events,
 * are shredded with their keys. Runs on every instance; a token another instance swept meanwhile is left alone by
 * its aggregate. Each run goes on while it finds full batches; a token whose sweep failed is tried again at the
 * next run, after the ones due meanwhile, so that it never holds them up.
 */
@Component
class VerificationTokenSweeper {

    private static final Logger log = LoggerFactory.getLogger(VerificationTokenSweeper.class);
    private static final int BATCH = 100;

    private final UserRegistry registry;
    private final CommandGateway commands;

    VerificationTokenSweeper(UserRegistry registry, CommandGateway commands) {
        this.registry = registry;
        this.commands = commands;
    }

    @Scheduled(fixedDelayString = "${coda.users.verification-sweep-interval:5m}")
    void sweepExpiredTokens() {
        Instant started = GenericEventMessage.clock.instant();
        List<String> due;
        do {
            due = registry.verificationTokensToSweep(started, BATCH);
            due.forEach(tokenId -> sweep(tokenId, started));
        } while (due.size() == BATCH);
    }

    private void sweep(String tokenId, Instant started) {
        try {
            commands.sendAndWait(new SweepVerificationToken(tokenId));
        } catch (AggregateNotFoundException noSuchToken) {
            registry.spendVerificationToken(tokenId);
        } catch (RuntimeException failed) {
            registry.sweepVerificationTokenAt(tokenId, started.plusMillis(1)); // after this run's, not before them
            log.warn("Verification token {} not swept yet (tried again at the next sweep): {}", tokenId, failed.toString());
        }
    }
}

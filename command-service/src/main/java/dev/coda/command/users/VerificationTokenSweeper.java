package dev.coda.command.users;

import dev.coda.command.users.VerificationTokenCommand.SweepVerificationToken;
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
 * its aggregate.
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
        for (String tokenId : registry.verificationTokensToSweep(GenericEventMessage.clock.instant(), BATCH)) {
            try {
                commands.sendAndWait(new SweepVerificationToken(tokenId));
            } catch (AggregateNotFoundException noSuchToken) {
                registry.spendVerificationToken(tokenId);
            } catch (RuntimeException failed) {
                log.warn("Verification token {} not swept yet (tried again at the next sweep): {}", tokenId, failed.toString());
            }
        }
    }
}

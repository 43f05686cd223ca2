package dev.coda.command.users;

import dev.coda.command.users.UserCommand.ExpireSession;
import dev.coda.command.users.UserRegistry.ExpiredSession;
import dev.coda.command.users.VerificationTokenCommand.SweepVerificationToken;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sweeps what expired unused from the identity registries:
 * <ul>
 *   <li>sign-in links, so that the addresses they were sent to, sealed in their events, are shredded with their keys;</li>
 *   <li>sessions whose browser never came back to end them (Auth.js deletes an expired session only when its cookie
 *       is shown again), so that their tokens do not stay in the read model for good.</li>
 * </ul>
 * Runs on every instance; what another instance swept meanwhile is left alone by its aggregate. Each run goes on
 * while it finds full batches; one whose sweep failed is tried again at the next run, after those due meanwhile, so
 * that it never holds them up.
 */
@Component
class ExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final int BATCH = 100;

    private final UserRegistry registry;
    private final CommandGateway commands;

    ExpirySweeper(UserRegistry registry, CommandGateway commands) {
        this.registry = registry;
        this.commands = commands;
    }

    @Scheduled(fixedDelayString = "${coda.users.verification-sweep-interval:5m}")
    void sweepExpiredTokens() {
        sweepDue(registry::verificationTokensToSweep, this::sweepToken);
    }

    @Scheduled(fixedDelayString = "${coda.users.session-sweep-interval:5m}")
    void sweepExpiredSessions() {
        sweepDue(registry::expiredSessions, this::sweepSession);
    }

    /** Sweeps what is due at the start of the run ({@code due(started, limit)}), a batch at a time. */
    private static <T> void sweepDue(BiFunction<Instant, Integer, List<T>> due, BiConsumer<T, Instant> sweep) {
        Instant started = GenericEventMessage.clock.instant();
        List<T> batch;
        do {
            batch = due.apply(started, BATCH);
            batch.forEach(each -> sweep.accept(each, started));
        } while (batch.size() == BATCH);
    }

    private void sweepToken(String tokenId, Instant started) {
        try {
            commands.sendAndWait(new SweepVerificationToken(tokenId));
        } catch (AggregateNotFoundException noSuchToken) {
            registry.spendVerificationToken(tokenId);
        } catch (RuntimeException failed) {
            registry.sweepVerificationTokenAt(tokenId, started.plusMillis(1)); // after this run's, not before them
            log.warn("Verification token {} not swept yet (tried again at the next sweep): {}", tokenId, failed.toString());
        }
    }

    private void sweepSession(ExpiredSession session, Instant started) {
        try {
            commands.sendAndWait(new ExpireSession(session.userId(), session.tokenHash()));
        } catch (AggregateNotFoundException userGone) {
            registry.releaseExpiredSession(session.tokenHash(), started);
        } catch (RuntimeException failed) {
            registry.sweepSessionAt(session.tokenHash(), started.plusMillis(1)); // after this run's, not before them
            log.warn("A session of user {} not swept yet (tried again at the next sweep): {}", session.userId(), failed.toString());
        }
    }
}

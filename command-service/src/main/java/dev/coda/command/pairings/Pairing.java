package dev.coda.command.pairings;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.pairings.PairingCommand.ApprovePairing;
import dev.coda.command.pairings.PairingCommand.ClaimPairing;
import dev.coda.command.pairings.PairingCommand.CollectRunnerToken;
import dev.coda.command.pairings.PairingCommand.RevokePairing;
import dev.coda.command.pairings.PairingCommand.StartPairing;
import dev.coda.command.users.UnknownUser;
import dev.coda.command.users.UserRegistry;
import dev.coda.contracts.devmode.PairingEvent.PairingApproved;
import dev.coda.contracts.devmode.PairingEvent.PairingClaimed;
import dev.coda.contracts.devmode.PairingEvent.PairingRevoked;
import dev.coda.contracts.devmode.PairingEvent.PairingStarted;
import dev.coda.contracts.devmode.PairingEvent.RunnerTokenIssued;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A runner pairing: started by a user, claimed once by a runner typing its code before it expires,
 * approved by the user, and then good for exactly one runner token, until the user revokes it. A runner whose
 * answer was lost polls again: within the collection window after the token was first collected, a poll
 * collects the same token again (the same id, signed anew), so no poll, late or repeated, ever ends another's.
 */
@Aggregate
public class Pairing {

    /** What a runner's poll learns. */
    public enum PollStatus { PENDING, ISSUED, APPROVED, EXPIRED, REVOKED }

    /**
     * The answer to a poll; {@code ISSUED} means this poll collects the runner token {@code tokenId} of
     * {@code userId}, and {@code APPROVED} that the token was collected and the collection window has passed.
     */
    public record PollOutcome(PollStatus status, String userId, String tokenId) {
    }

    @AggregateIdentifier
    private UUID pairingId;
    private String userId;
    private Instant expiresAt;
    private boolean claimed;
    /** The hash of the JTI its claim was answered with; null until claimed. */
    private String jtiHash;
    private boolean approved;
    /** The runner token's id and when it was first collected; null until then. */
    private String tokenId;
    private Instant tokenIssuedAt;
    private boolean revoked;

    protected Pairing() {
    }

    @CommandHandler
    public Pairing(StartPairing command, PairingRegistry registry, UserRegistry users, PairingProperties limits) {
        if (!users.lock(command.userId())) {
            throw new UnknownUser();
        }
        Instant at = now();
        if (registry.open(command.userId(), at) >= limits.maxOpenPairingsPerUser()) {
            throw new CommandRefused(Reason.TOO_MANY_PAIRINGS, "A user has at most " + limits.maxOpenPairingsPerUser()
                    + " pairings open (approved, or waiting for a runner or an approval): revoke one first.");
        }
        Instant expiresAt = at.plus(command.validity());
        apply(new PairingStarted(command.userId(), command.pairingId(), command.pairingCodeHash(),
                command.placeholderJtiHash(), expiresAt, at));
        registry.started(command.pairingId(), command.userId(), command.pairingCodeHash(), expiresAt);
    }

    /**
     * A claim again with the JTI of the claim before (a runner that lost the answer sends its claim again, and the
     * JTI derives from its claim id) is answered as the first was, until the pairing is approved.
     */
    @CommandHandler
    void handle(ClaimPairing command, PairingRegistry registry) {
        if (claimed && !approved && !revoked && command.pairingJtiHash().equals(jtiHash)) {
            return;
        }
        if (revoked || claimed || !now().isBefore(expiresAt)) {
            throw new CommandRefused(Reason.INVALID_PAIRING_CODE, "The pairing code is unknown, used or expired.");
        }
        apply(new PairingClaimed(userId, pairingId, command.pairingJtiHash(), command.runnerType(), command.runnerVersion(), command.hostname(), now()));
        registry.claimed(pairingId, command.pairingJtiHash());
    }

    @CommandHandler
    void handle(ApprovePairing command, PairingRegistry registry) {
        requireOwner(command.userId());
        if (revoked) {
            throw new CommandRefused(Reason.PAIRING_REVOKED, "The pairing was revoked; start a new one.");
        }
        if (approved) {
            return;
        }
        if (!claimed) {
            throw new CommandRefused(Reason.PAIRING_NOT_CLAIMED, "No runner has claimed this pairing's code yet.");
        }
        if (!now().isBefore(expiresAt)) {
            throw new CommandRefused(Reason.PAIRING_EXPIRED, "The pairing expired; start a new one.");
        }
        apply(new PairingApproved(userId, pairingId, now()));
        registry.approved(pairingId);
    }

    @CommandHandler
    PollOutcome handle(CollectRunnerToken command, PairingRegistry registry) {
        if (revoked) {
            return answer(PollStatus.REVOKED);
        }
        if (tokenId != null) {
            return now().isBefore(tokenIssuedAt.plus(command.collectionWindow()))
                    ? new PollOutcome(PollStatus.ISSUED, userId, tokenId)
                    : answer(PollStatus.APPROVED);
        }
        if (approved) {
            apply(new RunnerTokenIssued(userId, pairingId, command.tokenId(), now()));
            registry.tokenIssued(pairingId, command.tokenId());
            return new PollOutcome(PollStatus.ISSUED, userId, command.tokenId());
        }
        return answer(now().isBefore(expiresAt) ? PollStatus.PENDING : PollStatus.EXPIRED);
    }

    private PollOutcome answer(PollStatus status) {
        return new PollOutcome(status, userId, null);
    }

    @CommandHandler
    void handle(RevokePairing command, PairingRegistry registry) {
        requireOwner(command.userId());
        if (!revoked) {
            apply(new PairingRevoked(userId, pairingId, now()));
            registry.revoked(pairingId);
        }
    }

    private void requireOwner(String caller) {
        if (!userId.equals(caller)) {
            throw new CommandRefused(Reason.NOT_FOUND, "No such pairing.");
        }
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @EventSourcingHandler
    void on(PairingStarted event) {
        pairingId = event.pairingId();
        userId = event.userId();
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(PairingClaimed event) {
        claimed = true;
        jtiHash = event.pairingJtiHash();
    }

    @EventSourcingHandler
    void on(PairingApproved event) {
        approved = true;
    }

    @EventSourcingHandler
    void on(RunnerTokenIssued event) {
        tokenId = event.tokenId();
        tokenIssuedAt = event.at();
    }

    @EventSourcingHandler
    void on(PairingRevoked event) {
        revoked = true;
    }
}

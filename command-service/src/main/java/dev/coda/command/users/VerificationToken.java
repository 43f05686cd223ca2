package dev.coda.command.users;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.users.VerificationTokenCommand.IssueVerificationToken;
import dev.coda.command.users.VerificationTokenCommand.SweepVerificationToken;
import dev.coda.command.users.VerificationTokenCommand.UseVerificationToken;
import dev.coda.contracts.users.VerificationTokenEvent.VerificationTokenExpired;
import dev.coda.contracts.users.VerificationTokenEvent.VerificationTokenIssued;
import dev.coda.contracts.users.VerificationTokenEvent.VerificationTokenUsed;
import dev.coda.platform.secrets.DataKey;
import dev.coda.platform.secrets.DataKeys;
import dev.coda.platform.secrets.Hashes;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A magic-link verification token: issued once, used at most once, never after it expires. Its identifier
 * is a hash of the identifier and the (high-entropy) token, so commands find it without the token resting
 * anywhere in clear; the token and its identifier enter events sealed with the token's own data key, which
 * is destroyed when the token is used, when it is swept after it expired unused, or when the user with that email
 * is deleted.
 */
@Aggregate
public class VerificationToken {

    @AggregateIdentifier
    private String tokenId;
    private Instant expires;
    private boolean spent;

    protected VerificationToken() {
    }

    public static String idOf(String identifier, String token) {
        return "verification:" + Hashes.sha256(identifier + '\n' + token);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(IssueVerificationToken command, UserRegistry registry, DataKeys keys) {
        if (tokenId != null) {
            throw new CommandRefused(Reason.VERIFICATION_TOKEN_EXISTS, "This verification token was issued before.");
        }
        registry.issueVerificationToken(command.tokenId(), command.identifier(), command.expires());
        DataKey key = keys.create(command.tokenId());
        apply(new VerificationTokenIssued(command.tokenId(), key.seal(command.identifier()), key.seal(command.token()),
                command.expires()));
    }

    /**
     * Spends the token and answers its expiry; an expired, spent or erased token is not found. Its data key
     * is destroyed on the way: the spent token is unreadable in the event store from then on. The registry row is
     * what decides: an email change or a deletion voiding the token at this moment (another aggregate, so no
     * conflict here) may commit after the key was found, and the row is gone then.
     */
    @CommandHandler
    Instant handle(UseVerificationToken command, UserRegistry registry, DataKeys keys) {
        if (spent || !expires.isAfter(GenericEventMessage.clock.instant()) || keys.find(tokenId).isEmpty()
                || !registry.spendVerificationToken(tokenId)) {
            throw new CommandRefused(Reason.NOT_FOUND, "No such verification token.");
        }
        keys.destroy(tokenId);
        apply(new VerificationTokenUsed(tokenId, GenericEventMessage.clock.instant()));
        return expires;
    }

    /**
     * Sweeps the token once it expired unused: its registry row goes, its data key is destroyed, and the identifier
     * it was sent to is unreadable from then on. A token that has not expired yet keeps its row, moved to its expiry.
     */
    @CommandHandler
    void handle(SweepVerificationToken command, UserRegistry registry, DataKeys keys) {
        Instant now = GenericEventMessage.clock.instant();
        if (spent || keys.find(tokenId).isEmpty()) {
            registry.spendVerificationToken(tokenId);
        } else if (expires.isAfter(now)) {
            registry.sweepVerificationTokenAt(tokenId, expires);
        } else {
            registry.spendVerificationToken(tokenId);
            keys.destroy(tokenId);
            apply(new VerificationTokenExpired(tokenId, now));
        }
    }

    @EventSourcingHandler
    void on(VerificationTokenIssued event) {
        tokenId = event.tokenId();
        expires = event.expires();
    }

    @EventSourcingHandler
    void on(VerificationTokenUsed event) {
        spent = true;
    }

    @EventSourcingHandler
    void on(VerificationTokenExpired event) {
        spent = true;
    }
}

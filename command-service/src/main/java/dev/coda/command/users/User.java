package dev.coda.command.users;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.users.UserCommand.ChangeProfile;
import dev.coda.command.users.UserCommand.DeleteUser;
import dev.coda.command.users.UserCommand.EndSession;
import dev.coda.command.users.UserCommand.ExpireSession;
import dev.coda.command.users.UserCommand.ExtendSession;
import dev.coda.command.users.UserCommand.LinkAccount;
import dev.coda.command.users.UserCommand.RegisterUser;
import dev.coda.command.users.UserCommand.StartSession;
import dev.coda.command.users.UserCommand.UnlinkAccount;
import dev.coda.contracts.users.UserEvent.AccountLinked;
import dev.coda.contracts.users.UserEvent.AccountUnlinked;
import dev.coda.contracts.users.UserEvent.SessionEnded;
import dev.coda.contracts.users.UserEvent.SessionExtended;
import dev.coda.contracts.users.UserEvent.SessionStarted;
import dev.coda.contracts.users.UserEvent.UserDeleted;
import dev.coda.contracts.users.UserEvent.UserProfileChanged;
import dev.coda.contracts.users.UserEvent.UserRegistered;
import dev.coda.platform.secrets.DataKey;
import dev.coda.platform.secrets.DataKeys;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A Coda user with the Auth.js records that hang off it: linked accounts and database sessions. Its
 * identifier is {@code users.id}. The rules that span users (one user per email, one account per provider
 * account, one session per token) live in the {@link UserRegistry}, written in the same transaction as the
 * events; personal data and secrets enter events sealed with the user's data key.
 */
@Aggregate
public class User {

    @AggregateIdentifier
    private String userId;

    protected User() {
    }

    @CommandHandler
    public User(RegisterUser command, UserRegistry registry, DataKeys keys) {
        registry.register(command.userId(), command.email());
        DataKey key = keys.create(command.userId());
        apply(new UserRegistered(command.userId(), key.seal(command.name()), key.seal(command.email()),
                command.emailVerified(), key.seal(command.image()), GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(ChangeProfile command, UserRegistry registry, DataKeys keys) {
        if (command.email() != null) {
            registry.changeEmail(userId, command.email()).forEach(keys::destroy);
        }
        DataKey key = key(keys);
        apply(new UserProfileChanged(userId, key.seal(command.name()), key.seal(command.email()),
                command.emailVerified(), key.seal(command.image()), GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(LinkAccount command, UserRegistry registry, DataKeys keys) {
        registry.claimAccount(userId, command.provider(), command.providerAccountId());
        DataKey key = key(keys);
        apply(new AccountLinked(userId, command.provider(), key.seal(command.providerAccountId()), command.type(),
                key.seal(command.refreshToken()), key.seal(command.accessToken()), command.expiresAt(),
                command.tokenType(), command.scope(), key.seal(command.idToken()), key.seal(command.sessionState())));
    }

    @CommandHandler
    void handle(UnlinkAccount command, UserRegistry registry, DataKeys keys) {
        if (!registry.releaseAccount(userId, command.provider(), command.providerAccountId())) {
            throw new CommandRefused(Reason.NOT_FOUND, "No such account.");
        }
        apply(new AccountUnlinked(userId, command.provider(), key(keys).seal(command.providerAccountId())));
    }

    @CommandHandler
    void handle(StartSession command, UserRegistry registry, DataKeys keys) {
        String sealed = key(keys).seal(command.sessionToken());
        registry.claimSession(userId, command.sessionToken(), sealed, command.expires());
        apply(new SessionStarted(userId, sealed, command.expires()));
    }

    @CommandHandler
    void handle(ExtendSession command, UserRegistry registry, DataKeys keys) {
        requireSession(registry, command.sessionToken());
        String sealed = key(keys).seal(command.sessionToken());
        registry.extendSession(command.sessionToken(), sealed, command.expires());
        apply(new SessionExtended(userId, sealed, command.expires()));
    }

    @CommandHandler
    void handle(EndSession command, UserRegistry registry, DataKeys keys) {
        requireSession(registry, command.sessionToken());
        registry.releaseSession(command.sessionToken());
        apply(new SessionEnded(userId, key(keys).seal(command.sessionToken())));
    }

    /** Ends a session that expired without its browser coming back to end it, unless it was extended meanwhile. */
    @CommandHandler
    void handle(ExpireSession command, UserRegistry registry) {
        registry.releaseExpiredSession(command.tokenHash(), GenericEventMessage.clock.instant())
                .ifPresent(sealedToken -> apply(new SessionEnded(userId, sealedToken)));
    }

    /**
     * Forgets the user in every registry (their email, accounts, sessions, runner pairings and pending
     * purges), then destroys their data key and that of their email's verification tokens.
     */
    @CommandHandler
    void handle(DeleteUser command, UserRegistry registry, DataKeys keys) {
        registry.forget(userId).forEach(keys::destroy);
        apply(new UserDeleted(userId, GenericEventMessage.clock.instant()));
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        userId = event.userId();
    }

    @EventSourcingHandler
    void on(UserDeleted event) {
        markDeleted();
    }

    private void requireSession(UserRegistry registry, String sessionToken) {
        if (!userId.equals(registry.ownerOfSession(sessionToken).orElse(null))) {
            throw new CommandRefused(Reason.NOT_FOUND, "No such session.");
        }
    }

    private DataKey key(DataKeys keys) {
        return keys.find(userId).orElseThrow(() -> new CommandRefused(Reason.NOT_FOUND, "No such user."));
    }
}

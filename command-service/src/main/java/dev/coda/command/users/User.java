package dev.coda.command.users;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.coda.contracts.users.UserEvent.UserRegistered;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A Coda user, as registered by the auth adapter; its identifier is {@code users.id}. */
@Aggregate
public class User {

    @AggregateIdentifier
    private String userId;

    protected User() {
    }

    @CommandHandler
    public User(RegisterUser command, UserRegistry registry) {
        registry.register(command.userId(), command.email());
        apply(new UserRegistered(command.userId(), command.name(), command.email(), command.image(),
                GenericEventMessage.clock.instant()));
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        userId = event.userId();
    }
}

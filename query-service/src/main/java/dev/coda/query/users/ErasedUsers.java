package dev.coda.query.users;

import dev.coda.contracts.UserOwned;
import dev.coda.contracts.users.UserEvent.UserDeleted;
import dev.coda.platform.secrets.DataKeys;
import dev.coda.query.projection.ReadModel;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The read model never brings back a user whose data key is destroyed: their events are skipped (a rebuild ends
 * without them and without anything they owned), except {@link UserDeleted}, which removes what a live
 * projection had built for them before the deletion. Asked of {@link DataKeys} for every event, which answers
 * from memory while it hears of every destruction, whichever instance projected the deletion: an event a
 * command appended after its user's deletion must not meet a foreign key that stops the read model.
 */
@Configuration
public class ErasedUsers {

    @Bean
    ConfigurerModule skipEventsOfErasedUsers(DataKeys keys) {
        MessageHandlerInterceptor<EventMessage<?>> skipErased = (unitOfWork, chain) ->
                unitOfWork.getMessage().getPayload() instanceof UserOwned owned && !(owned instanceof UserDeleted)
                        && keys.isDestroyed(owned.userId()) ? null : chain.proceed();
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerHandlerInterceptor(ReadModel.PROCESSOR, configuration -> skipErased));
    }
}

package dev.coda.query.users;

import dev.coda.contracts.UserOwned;
import dev.coda.contracts.users.UserEvent.UserDeleted;
import dev.coda.platform.secrets.DataKeys;
import dev.coda.query.projection.ReadModel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The users whose data keys are destroyed. The read model never brings them back: their events are skipped
 * (a rebuild ends without them and without anything they owned), except {@link UserDeleted}, which removes
 * what a live projection had built for them before the deletion. The set starts with every destroyed key
 * and grows as the projections meet users whose key is gone.
 */
@Configuration
public class ErasedUsers {

    private final Set<String> userIds = ConcurrentHashMap.newKeySet();

    ErasedUsers(DataKeys keys) {
        userIds.addAll(keys.destroyedSubjects());
    }

    void add(String userId) {
        userIds.add(userId);
    }

    boolean contains(String userId) {
        return userIds.contains(userId);
    }

    @Bean
    ConfigurerModule skipEventsOfErasedUsers() {
        MessageHandlerInterceptor<EventMessage<?>> skipErased = (unitOfWork, chain) ->
                unitOfWork.getMessage().getPayload() instanceof UserOwned owned && !(owned instanceof UserDeleted)
                        && contains(owned.userId()) ? null : chain.proceed();
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerHandlerInterceptor(ReadModel.PROCESSOR, configuration -> skipErased));
    }
}

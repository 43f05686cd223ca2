package dev.coda.query.projection;

import dev.coda.contracts.UserOwned;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The read model's one processing group. Every projection whose rows reference another's (ideas reference
 * users, features reference ideas, ...) belongs to it, and its events are sequenced by user: a user's
 * events are handled in order whatever the segment count, so foreign keys always find their parent row.
 * Events that belong to no user (verification tokens) keep the order of their aggregate.
 */
@Configuration
@EnableConfigurationProperties(ReadModelProperties.class)
public class ReadModel {

    /** The processing group (and streaming processor) name of every read-model projection. */
    public static final String PROCESSOR = "read-model";

    @Bean
    SequencingPolicy<EventMessage<?>> userSequencingPolicy() {
        return event -> event.getPayload() instanceof UserOwned owned ? owned.userId()
                : event instanceof DomainEventMessage<?> domainEvent ? domainEvent.getAggregateIdentifier()
                : event.getIdentifier();
    }

    /** Timestamps in the read tables are {@code timestamp without time zone} holding UTC. */
    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

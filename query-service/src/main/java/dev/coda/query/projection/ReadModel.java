package dev.coda.query.projection;

import dev.coda.contracts.UserOwned;
import dev.coda.platform.eventstore.AppendedEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.function.SingletonSupplier;

/**
 * The read model's one processing group, on one segment, so that its projections see every event in the
 * event store's order. Per-user order would not do: some rows are unique across users (an account, an email,
 * a pairing code), and the command side lets one user take what another just gave up. With the users on
 * separate segments, the taker's event could be projected before the giver's and be lost against the old row
 * (an account, whose unlink then deleted it) or fail until the other segment caught up. One segment also
 * spares the coordinator offering each event to every segment's work package. {@link ReadModelSegments} merges
 * the segments of a token store made before into one (docs/adr/0008).
 */
@Configuration
@EnableScheduling
@EnableConfigurationProperties(ReadModelProperties.class)
public class ReadModel {

    /** The processing group (and streaming processor) name of every read-model projection. */
    public static final String PROCESSOR = "read-model";

    /**
     * Should the store still have more than one segment (while {@link ReadModelSegments} cannot merge them), each
     * user's events stay in order on one of them, so that a row's parent is always written before it.
     */
    @Bean
    SequencingPolicy<EventMessage<?>> userSequencingPolicy() {
        return event -> event.getPayload() instanceof UserOwned owned ? owned.userId()
                : event instanceof DomainEventMessage<?> domainEvent ? domainEvent.getAggregateIdentifier()
                : event.getIdentifier();
    }

    /** Counts the live processor's finished batches, which reads waiting for a consistency token wait on. */
    @Bean
    CommittedBatches committedBatches() {
        return new CommittedBatches();
    }

    /**
     * The live processor's source ({@code axon.eventhandling.processors.read-model.source}): the event store, woken
     * by each append, read ahead of the worker by at most {@code coda.read-model.read-ahead} of payload.
     */
    @Bean
    ReadAhead liveReadAhead(AppendedEvents events, Serializer serializer, ReadModelProperties properties,
                            ObjectProvider<EventProcessingConfiguration> processing) {
        SingletonSupplier<PooledStreamingEventProcessor> live = SingletonSupplier.of(() -> processing.getObject()
                .eventProcessor(PROCESSOR, PooledStreamingEventProcessor.class).orElseThrow());
        return new ReadAhead(events, serializer, properties.readAhead().toBytes(),
                () -> live.obtain().processingStatus().values());
    }

    /**
     * The live processor's coordinator reads on as soon as its worker takes a batch ({@link CoordinatorThread});
     * each batch it finishes wakes the reads waiting for it ({@link CommittedBatches}). A projection that fails
     * on an event fails its batch, which rolls back and is tried again, as when its SQL fails at the commit: Axon's
     * default would log the failure and move the token past the event, and the read model would go without it.
     */
    @Bean
    ConfigurerModule liveProcessor(CommittedBatches batches) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessorConfiguration(PROCESSOR, (configuration, builder) -> {
                    CoordinatorThread coordinator = new CoordinatorThread(PROCESSOR);
                    configuration.onShutdown(coordinator::shutdown);
                    return builder.coordinatorExecutor(coordinator).transactionManager(
                            coordinator.wokenByTransactions(configuration.getComponent(TransactionManager.class)));
                })
                .registerHandlerInterceptor(PROCESSOR, configuration -> batches)
                .registerListenerInvocationErrorHandler(PROCESSOR, configuration -> PropagatingErrorHandler.instance()));
    }

    /** Timestamps in the read tables are {@code timestamp without time zone} holding UTC. */
    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * A read table's timestamp as the instant it holds. Read as a {@code LocalDateTime}: a {@code java.sql.Timestamp}
     * goes through the JVM's time zone, where an hour skipped for daylight saving time does not exist.
     */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        LocalDateTime value = row.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}

package dev.coda.platform.eventstore;

import dev.coda.contracts.EventJson;
import dev.coda.contracts.EventRevision;
import dev.coda.platform.postgres.PostgresListener;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.springboot.autoconfig.TransactionAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon on plain JDBC: events in {@code eventstore.domain_event_entry} as readable JSON text, tracking tokens
 * in the read database's {@code token_entry}, all in Spring's transactions so that a projection's rows and
 * its token commit together; appends wake the readers through LISTEN/NOTIFY. Declared explicitly rather than
 * left to Axon's auto-configuration (no JPA: Hibernate would map Axon's payloads to PostgreSQL large objects).
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class, TransactionAutoConfiguration.class})
public class EventStoreConfiguration {

    private static final String SCHEMA = "eventstore.";
    private static final String UNIQUE_VIOLATION = "23505";

    @Bean
    RevisionResolver revisionResolver() {
        return type -> {
            EventRevision revision = type.getAnnotation(EventRevision.class);
            return revision == null ? null : revision.value();
        };
    }

    @Bean
    @Primary
    Serializer serializer(RevisionResolver revisionResolver) {
        return new TypeCachingJacksonSerializer(JacksonSerializer.builder()
                .objectMapper(EventJson.objectMapper())
                .revisionResolver(revisionResolver));
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * PostgreSQL's unique violation (SQLSTATE 23505) on an append is another writer's event at the same
     * sequence: Axon then raises {@code ConcurrencyException} (or {@code AggregateStreamCreationException} for
     * a first event), which the command side retries. Axon's {@code JdbcSQLErrorCodesResolver} only knows
     * {@code SQLIntegrityConstraintViolationException}, which pgjdbc never throws.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable(SCHEMA + "domain_event_entry")
                .snapshotTable(SCHEMA + "snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, RevisionResolver revisionResolver,
            EventSchema eventSchema, ConnectionProvider connectionProvider, TransactionManager transactionManager,
            PersistenceExceptionResolver persistenceExceptionResolver) {
        CheckedSnapshotSerializer snapshots = new CheckedSnapshotSerializer(serializer);
        return JdbcEventStorageEngine.builder()
                .eventSerializer(serializer)
                .snapshotSerializer(snapshots)
                .snapshotFilter(new CurrentSnapshotShapes(snapshots, revisionResolver))
                .schema(eventSchema)
                .dataType(String.class)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .build();
    }

    /**
     * LISTEN/NOTIFY between the services; {@code coda.event-store.fallback-poll} is how often a caught-up
     * processor reads the store when no notification came.
     */
    @Bean
    AppendNotifications appendNotifications(DataSource dataSource, PostgresListener listener,
            @Value("${coda.event-store.fallback-poll:500ms}") Duration fallbackPoll) {
        return new AppendNotifications(dataSource, listener, fallbackPoll);
    }

    /** Axon's embedded store, which notifies after each commit of appended events. */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, AppendNotifications notifications) {
        return new NotifyingEventStore(EmbeddedEventStore.builder().storageEngine(storageEngine), notifications);
    }

    /** The source of the streaming processors: woken by each notification instead of polling every 500 ms. */
    @Bean
    AppendedEvents appendedEvents(EventStorageEngine storageEngine, AppendNotifications notifications) {
        return new AppendedEvents(storageEngine, notifications);
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema) {
        return new ForwardOnlyTokenStore(JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(tokenSchema));
    }
}

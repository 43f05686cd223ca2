package dev.coda.platform.eventstore;

import dev.coda.testsupport.TestDatabase;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;

/** The services' event store, configured as they configure it, on a test database. */
final class TestEventStore {

    private TestEventStore() {
    }

    /** Creates the event store's tables in {@code database} and a storage engine on them, through {@code dataSource}. */
    static EventStorageEngine create(TestDatabase database, DataSource dataSource) {
        return create(database, dataSource, serializer());
    }

    /** The services' serializer. */
    static Serializer serializer() {
        EventStoreConfiguration configuration = new EventStoreConfiguration();
        return configuration.serializer(configuration.revisionResolver());
    }

    /** The same, with {@code serializer} for the services' serializer. */
    static EventStorageEngine create(TestDatabase database, DataSource dataSource, Serializer serializer) {
        database.createEventStore();
        EventStoreConfiguration configuration = new EventStoreConfiguration();
        return configuration.eventStorageEngine(serializer, configuration.revisionResolver(), configuration.eventSchema(),
                new DataSourceConnectionProvider(dataSource), NoTransactionManager.INSTANCE,
                configuration.persistenceExceptionResolver());
    }
}

package dev.coda.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.nio.file.Files;
import java.util.Map;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.RevisionResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two writers appending the same aggregate's next event on real PostgreSQL, as two command-service
 * instances would: the loser gets the conflict the command side retries, not a generic storage failure.
 */
class AppendConflictTest {

    private final TestDatabase database = TestInfrastructure.postgres().createDatabase("append_conflict");
    private final EventStorageEngine events = storageEngine();

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aSecondFirstEventOfAnAggregateIsAStreamCreationConflict() {
        events.appendEvents(event(0));

        assertThatThrownBy(() -> events.appendEvents(event(0))).isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void aSecondEventAtTheSameSequenceIsAConcurrencyConflict() {
        events.appendEvents(event(0), event(1));

        assertThatThrownBy(() -> events.appendEvents(event(1))).isInstanceOf(ConcurrencyException.class);
    }

    private static GenericDomainEventMessage<Map<String, String>> event(long sequence) {
        return new GenericDomainEventMessage<>("IdeaBoard", "board-1", sequence, Map.of("title", "t" + sequence));
    }

    private EventStorageEngine storageEngine() {
        try {
            database.execute("CREATE SCHEMA eventstore; SET search_path TO eventstore; " + Files.readString(
                    TestInfrastructure.projectRoot().resolve("contracts/src/main/resources/db/eventstore/V1__event_store.sql")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        EventStoreConfiguration configuration = new EventStoreConfiguration();
        RevisionResolver revisions = configuration.revisionResolver();
        return configuration.eventStorageEngine(configuration.serializer(revisions), revisions, configuration.eventSchema(),
                new DataSourceConnectionProvider(new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password())),
                NoTransactionManager.INSTANCE, configuration.persistenceExceptionResolver());
    }
}

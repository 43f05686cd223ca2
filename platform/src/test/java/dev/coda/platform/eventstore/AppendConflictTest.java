package dev.coda.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two writers appending the same aggregate's next event on real PostgreSQL, as two command-service
 * instances would: the loser gets the conflict the command side retries, not a generic storage failure.
 */
class AppendConflictTest {

    private final TestDatabase database = TestInfrastructure.postgres().createDatabase("append_conflict");
    private final EventStorageEngine events = TestEventStore.create(database,
            new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password()));

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
}

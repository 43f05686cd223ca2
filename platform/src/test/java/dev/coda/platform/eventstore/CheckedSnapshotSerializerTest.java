package dev.coda.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** An aggregate loaded from its snapshot, through the storage engine as the services configure it. */
class CheckedSnapshotSerializerTest {

    record Board(List<String> ideas) {
    }

    private final TestDatabase database = TestInfrastructure.postgres().createDatabase("checked_snapshots");
    private final Serializer serializer = spy(TestEventStore.serializer());
    private final EventStorageEngine events = TestEventStore.create(database,
            new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password()), serializer);

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aSnapshotIsReadOnceThoughItIsCheckedBeforeItIsUsed() {
        Board board = new Board(List.of("first", "second"));
        events.storeSnapshot(new GenericDomainEventMessage<>("Board", "board-1", 7, board));

        Object loaded = events.readSnapshot("board-1").orElseThrow().getPayload();

        assertThat(loaded).isEqualTo(board);
        verify(serializer, times(1)).deserialize(argThat(read -> read.getType().getName().equals(Board.class.getName())));
    }

    @Test
    void eachLoadReadsTheSnapshotAfresh() {
        events.storeSnapshot(new GenericDomainEventMessage<>("Board", "board-1", 7, new Board(List.of("only"))));

        Object first = events.readSnapshot("board-1").orElseThrow().getPayload();
        Object second = events.readSnapshot("board-1").orElseThrow().getPayload();

        assertThat(second).isEqualTo(first).isNotSameAs(first);
        verify(serializer, times(2)).deserialize(argThat(read -> read.getType().getName().equals(Board.class.getName())));
    }
}

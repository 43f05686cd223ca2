package dev.coda.relay;

import io.debezium.annotation.ConnectorSpecific;
import io.debezium.connector.postgresql.PostgresConnector;
import io.debezium.snapshot.spi.SnapshotQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshot's query of each table ({@code snapshot.query.mode=custom}): every column Debezium selects, and the
 * event store's rows in the order they were appended. Debezium's own query has no order, so PostgreSQL answers in
 * the order rows sit on disk; rows appended by several connections at once, or updated since, sit in another, and
 * an aggregate's events would reach the events topic out of sequence in a first snapshot. The store is named by
 * {@value #EVENT_STORE_TABLE} (schema.table). Found by Debezium through {@code ServiceLoader}, in the relay as on
 * Kafka Connect.
 */
@ConnectorSpecific(connector = PostgresConnector.class)
public class EventStoreOrder implements SnapshotQuery {

    /** The name {@code snapshot.query.mode.custom.name} gives. */
    public static final String NAME = "coda_event_store_order";
    /** The connector property naming the event store's table. */
    public static final String EVENT_STORE_TABLE = "coda.event.store.table";

    private String eventStoreTable;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void configure(Map<String, ?> properties) {
        Object table = properties.get(EVENT_STORE_TABLE);
        if (table == null) {
            throw new IllegalArgumentException(EVENT_STORE_TABLE + " names no event store table");
        }
        eventStoreTable = table.toString();
    }

    @Override
    public Optional<String> snapshotQuery(String quotedTableId, List<String> quotedColumns) {
        if (quotedColumns.isEmpty()) {
            return Optional.empty();
        }
        String select = "SELECT " + String.join(", ", quotedColumns) + " FROM " + quotedTableId;
        boolean eventStore = quotedTableId.replace("\"", "").equals(eventStoreTable);
        return Optional.of(eventStore ? select + " ORDER BY global_index" : select);
    }
}

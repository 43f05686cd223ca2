package dev.coda.relay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay's settings; every one has a default that runs against the local stack.
 *
 * @param database        the PostgreSQL database whose read tables are captured
 * @param topicPrefix     topics are {@code <topicPrefix>.public.<table>}
 * @param slotName        the logical replication slot (pgoutput), created if missing
 * @param publicationName the publication listing the captured tables, created if missing
 * @param offsetsTopic    the compacted Kafka topic holding the relay's source offsets
 * @param tables          the captured tables (schema-qualified); never tables that hold secrets
 * @param excludedColumns columns that never leave the database (schema.table.column)
 * @param topicPartitions partitions of each table topic (records are keyed by primary key)
 * @param restartBackoff  how long to wait before restarting the engine after it stopped on an error
 * @param connector       further Debezium connector properties, applied last
 */
@ConfigurationProperties("coda.relay")
public record RelayProperties(
        Database database,
        @DefaultValue("coda") String topicPrefix,
        @DefaultValue("coda_relay") String slotName,
        @DefaultValue("coda_changes") String publicationName,
        @DefaultValue("coda-relay-offsets") String offsetsTopic,
        @DefaultValue({"public.users", "public.ideas", "public.idea_features", "public.dev_jobs", "public.dev_logs",
                "public.dev_pairings"}) List<String> tables,
        @DefaultValue({"public.users.email", "public.ideas.undo_token", "public.dev_pairings.pairing_code",
                "public.dev_pairings.pairing_jti"}) List<String> excludedColumns,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("5s") Duration restartBackoff,
        Map<String, String> connector) {

    public record Database(
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("55432") int port,
            @DefaultValue("coda") String name,
            @DefaultValue("coda") String user,
            @DefaultValue("coda") String password) {
    }

    public RelayProperties {
        connector = connector == null ? Map.of() : Map.copyOf(connector);
    }

    /** The Kafka topic of a captured table, e.g. {@code coda.public.ideas}. */
    public String topicOf(String table) {
        return topicPrefix + "." + table;
    }
}

package dev.coda.relay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay's settings; every one has a default that runs against the local stack. The connector itself is
 * {@code connector/coda-postgres.properties}, whose {@code ${env:CODA_RELAY_...}} placeholders these fill.
 *
 * @param database          the PostgreSQL database whose read tables are captured
 * @param topicPrefix       topics are {@code <topicPrefix>.public.<table>} and {@code <topicPrefix>.events}
 * @param slotName          the logical replication slot (pgoutput), created if missing, reused if present
 * @param publicationName   the publication listing the captured tables, created if missing, reused if present
 * @param offsetsTopic      the compacted Kafka topic holding the relay's source offsets
 * @param tables            the captured read tables, each named as it is in the {@code public} schema
 *                          ({@code public.ideas}), never one that holds secrets ({@link #SECRET_TABLES}): checked
 *                          at startup. Not patterns: each names the topic the relay makes for it
 * @param excludedColumns   columns that never leave the database (schema.table.column), besides the secret ones,
 *                          which the connector file leaves out itself (so no runtime's environment publishes them),
 *                          and the users' email: a list set here adds to them, so naming one more column never
 *                          publishes one of those
 * @param publishUserEmail  whether {@code users.email} is published: personal data, left out unless this says so
 * @param eventStoreTable   the event store's table; its inserts become {@code <topicPrefix>.events}
 * @param topicPartitions   partitions of each table topic and of the events topic (records keyed by primary key
 *                          or aggregate, so one row's or one aggregate's changes stay in order)
 * @param heartbeatInterval how often the relay writes to {@code public.cdc_heartbeat} and commits its position,
 *                          so that writes to tables outside the publication never pin WAL
 * @param restartBackoff    how long to wait before restarting the engine after it stopped on an error
 * @param maxRecordBytes    the largest record the relay sends, and each of its topics takes: above the largest
 *                          change the services write. A record above it would stop the relay for good (it
 *                          replays the record after each restart). The largest is a feature's update: 100
 *                          detail sections of 20,000 characters, each up to 7 bytes of JSON inside the jsonb's
 *                          text, before and after (REPLICA IDENTITY FULL): 28.8 MB. Kafka's default is 1 MiB
 * @param connector         further Debezium connector properties, applied last; not those that decide what is
 *                          published ({@link #PUBLISHING_PROPERTIES}), checked at startup
 */
@ConfigurationProperties("coda.relay")
public record RelayProperties(
        @DefaultValue Database database,
        @DefaultValue("coda") String topicPrefix,
        @DefaultValue("coda_relay") String slotName,
        @DefaultValue("coda_changes") String publicationName,
        @DefaultValue("coda-relay-offsets") String offsetsTopic,
        @DefaultValue({"public.users", "public.ideas", "public.idea_features", "public.dev_jobs", "public.dev_logs",
                "public.dev_pairings"}) List<String> tables,
        @DefaultValue List<String> excludedColumns,
        @DefaultValue("false") boolean publishUserEmail,
        @DefaultValue("eventstore.domain_event_entry") String eventStoreTable,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("5s") Duration restartBackoff,
        @DefaultValue("33554432") int maxRecordBytes,
        Map<String, String> connector) {

    public record Database(
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("55432") int port,
            @DefaultValue("coda") String name,
            @DefaultValue("coda") String user,
            @DefaultValue("coda") String password) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }
    }

    private static final Pattern PUBLIC_TABLE = Pattern.compile("public\\.[a-z_][a-z0-9_]*");

    /**
     * Tables that hold secrets (OAuth tokens, session tokens, sign-in links), or the users' emails beside the seed's
     * {@code users} (their keys, which {@code publishUserEmail} does not cover): never captured.
     */
    static final List<String> SECRET_TABLES = List.of("public.accounts", "public.sessions", "public.verification_tokens",
            "public.user_email_keys");

    /** The users' email, left out unless {@code publishUserEmail}. */
    static final String USER_EMAIL = "public.users.email";

    /**
     * Connector properties (or prefixes) that decide what leaves the database, or in which order: set by the relay
     * alone (a snapshot's statement could select any column into a published one).
     */
    static final List<String> PUBLISHING_PROPERTIES = List.of("table.include.list", "table.exclude.list",
            "column.include.list", "column.exclude.list", "schema.include.list", "schema.exclude.list",
            "message.prefix.include.list", "message.prefix.exclude.list", "publication.autocreate.mode", "transforms",
            "snapshot.select.statement.overrides", "snapshot.query", "message.key.columns", EventStoreOrder.EVENT_STORE_TABLE);

    public RelayProperties {
        connector = connector == null ? Map.of() : Map.copyOf(connector);
        for (String table : tables) {
            if (!PUBLIC_TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException("coda.relay.tables: " + table + " is not a table of the public schema"
                        + " named as it is (public.<name>); the event store's schema and patterns are never captured");
            }
            if (SECRET_TABLES.contains(table)) {
                throw new IllegalArgumentException("coda.relay.tables: " + table + " holds secrets or users' emails");
            }
        }
        for (String property : connector.keySet()) {
            if (PUBLISHING_PROPERTIES.stream().anyMatch(property::startsWith)) {
                throw new IllegalArgumentException("coda.relay.connector[" + property + "]: what is published is set by"
                        + " coda.relay.tables, coda.relay.excluded-columns and coda.relay.publish-user-email, so that no"
                        + " secret leaves by an override");
            }
        }
    }

    /** The columns left out besides the connector file's secret ones: the users' email unless it is published, and {@code excludedColumns}. */
    private List<String> allExcludedColumns() {
        return Stream.of(publishUserEmail ? List.<String>of() : List.of(USER_EMAIL), excludedColumns)
                .flatMap(List::stream).distinct().toList();
    }

    /** The tables the services write that the relay captures: the read tables and the event store. */
    public List<String> capturedTables() {
        return Stream.concat(tables.stream(), Stream.of(eventStoreTable)).toList();
    }

    /** The Kafka topic of a captured table, e.g. {@code coda.public.ideas}. */
    public String topicOf(String table) {
        return topicPrefix + "." + table;
    }

    /** The topic of the domain events, {@code coda.events}. */
    public String eventsTopic() {
        return topicPrefix + ".events";
    }

    /** Where Debezium's heartbeat records would go; they only carry offsets, so the relay never publishes them. */
    public String heartbeatTopic() {
        return "__debezium-heartbeat." + topicPrefix;
    }

    /** The values of the connector file's {@code ${env:NAME}} placeholders, named as the relay's environment. */
    public Map<String, String> placeholders() {
        return Map.ofEntries(
                Map.entry("CODA_RELAY_DATABASE_HOST", database.host()),
                Map.entry("CODA_RELAY_DATABASE_PORT", Integer.toString(database.port())),
                Map.entry("CODA_RELAY_DATABASE_NAME", database.name()),
                Map.entry("CODA_RELAY_DATABASE_USER", database.user()),
                Map.entry("CODA_RELAY_DATABASE_PASSWORD", database.password()),
                Map.entry("CODA_RELAY_TOPIC_PREFIX", topicPrefix),
                Map.entry("CODA_RELAY_SLOT_NAME", slotName),
                Map.entry("CODA_RELAY_PUBLICATION_NAME", publicationName),
                Map.entry("CODA_RELAY_TABLES", String.join(",", tables)),
                Map.entry("CODA_RELAY_EXCLUDED_COLUMNS", String.join(",", allExcludedColumns())),
                Map.entry("CODA_RELAY_EVENT_STORE_TABLE", eventStoreTable),
                Map.entry("CODA_RELAY_HEARTBEAT_INTERVAL_MS", Long.toString(heartbeatInterval.toMillis())),
                Map.entry("CODA_RELAY_TOPIC_PARTITIONS", Integer.toString(topicPartitions)),
                Map.entry("CODA_RELAY_MAX_RECORD_BYTES", Integer.toString(maxRecordBytes)));
    }
}

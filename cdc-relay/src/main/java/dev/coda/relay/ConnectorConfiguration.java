package dev.coda.relay;

import java.util.Properties;

/**
 * The Debezium PostgreSQL connector configuration the relay runs: pgoutput over an explicit publication,
 * JSON change envelopes without embedded schema, secrets excluded, offsets in a Kafka topic.
 */
final class ConnectorConfiguration {

    private ConnectorConfiguration() {
    }

    static Properties of(RelayProperties relay, String bootstrapServers) {
        Properties config = new Properties();
        config.setProperty("name", "coda-relay");
        config.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        config.setProperty("plugin.name", "pgoutput");
        config.setProperty("database.hostname", relay.database().host());
        config.setProperty("database.port", Integer.toString(relay.database().port()));
        config.setProperty("database.dbname", relay.database().name());
        config.setProperty("database.user", relay.database().user());
        config.setProperty("database.password", relay.database().password());
        config.setProperty("topic.prefix", relay.topicPrefix());
        config.setProperty("slot.name", relay.slotName());
        config.setProperty("publication.name", relay.publicationName());
        config.setProperty("publication.autocreate.mode", "filtered");
        config.setProperty("table.include.list", String.join(",", relay.tables()));
        config.setProperty("column.exclude.list", String.join(",", relay.excludedColumns()));
        config.setProperty("snapshot.mode", "initial");
        config.setProperty("tombstones.on.delete", "true");
        config.setProperty("heartbeat.interval.ms", "10000");
        // a consumer reads JSON.parse(value).op and .after: no embedded schema
        config.setProperty("converter.schemas.enable", "false");
        config.setProperty("key.converter.schemas.enable", "false");
        config.setProperty("value.converter.schemas.enable", "false");
        // offsets survive restarts in a compacted Kafka topic, committed only after Kafka acknowledged
        config.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        config.setProperty("offset.storage.topic", relay.offsetsTopic());
        config.setProperty("offset.storage.partitions", "1");
        config.setProperty("offset.storage.replication.factor", "1");
        config.setProperty("offset.flush.interval.ms", "1000");
        config.setProperty("bootstrap.servers", bootstrapServers);
        relay.connector().forEach(config::setProperty);
        return config;
    }
}

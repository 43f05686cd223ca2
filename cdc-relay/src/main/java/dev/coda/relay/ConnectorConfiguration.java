package dev.coda.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Debezium PostgreSQL connector configuration the relay runs: {@code connector/coda-postgres.properties}
 * (the same file Kafka Connect runs) with its placeholders filled, plus what only the embedded engine needs.
 */
final class ConnectorConfiguration {

    static final String FILE = "connector/coda-postgres.properties";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{env:([A-Z0-9_]+)}");

    private ConnectorConfiguration() {
    }

    static Properties of(RelayProperties relay, String bootstrapServers) {
        Properties config = new Properties();
        load().forEach((key, value) -> config.setProperty((String) key, resolve((String) value, relay.placeholders())));
        // the embedded engine's own JSON converter; a consumer reads JSON.parse(value).op without a schema
        config.setProperty("converter.schemas.enable", "false");
        // offsets survive restarts in a compacted Kafka topic, committed only after Kafka acknowledged
        config.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        config.setProperty("offset.storage.topic", relay.offsetsTopic());
        config.setProperty("offset.storage.partitions", "1");
        config.setProperty("offset.storage.replication.factor", "-1"); // the broker's default
        config.setProperty("offset.flush.interval.ms", "1000");
        config.setProperty("bootstrap.servers", bootstrapServers);
        relay.connector().forEach(config::setProperty);
        return config;
    }

    /** The connector file as written, placeholders included. */
    static Properties load() {
        Properties file = new Properties();
        try (InputStream in = ConnectorConfiguration.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the classpath");
            }
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String resolve(String value, Map<String, String> placeholders) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String replacement = placeholders.get(matcher.group(1));
            if (replacement == null) {
                throw new IllegalStateException(FILE + " names ${env:" + matcher.group(1) + "}, which the relay does not set");
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(resolved).toString();
    }
}

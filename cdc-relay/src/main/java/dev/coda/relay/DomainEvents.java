package dev.coda.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Turns the event store's change records into domain events: each inserted {@code domain_event_entry} row
 * becomes one record on the events topic, keyed by its aggregate, whose value is
 * {@code {type, aggregate, aggregateType, sequence, globalIndex, timestamp, payload}} with the payload as a JSON
 * object. Updates, deletes and tombstones of that table are dropped (the store is append-only); records of
 * other tables pass unchanged. The payload's fields named in {@code payload.exclude.list} are left out of every
 * event, at any depth: the hashes that the read model keeps in its unpublished columns. A Kafka Connect transformation, so
 * Kafka Connect runs it as the relay does.
 */
public class DomainEvents<R extends ConnectRecord<R>> implements Transformation<R> {

    private static final ObjectMapper json = new ObjectMapper();
    private static final ConfigDef CONFIG = new ConfigDef()
            .define("table.topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH,
                    "The event store table's topic, e.g. coda.eventstore.domain_event_entry")
            .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "The events topic, e.g. coda.events")
            .define("payload.exclude.list", ConfigDef.Type.LIST, List.of(), ConfigDef.Importance.HIGH,
                    "Payload fields left out of every event, e.g. undoTokenHash");

    private String tableTopic;
    private String eventsTopic;
    private List<String> excludedFields;

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(CONFIG, configs);
        tableTopic = config.getString("table.topic");
        eventsTopic = config.getString("topic");
        excludedFields = config.getList("payload.exclude.list");
    }

    @Override
    public R apply(R record) {
        if (!tableTopic.equals(record.topic())) {
            return record;
        }
        if (!(record.value() instanceof Struct change) || !isInsert(change.getString("op"))) {
            return null;
        }
        Struct row = change.getStruct("after");
        String aggregate = row.getString("aggregate_identifier");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", row.getString("payload_type"));
        event.put("aggregate", aggregate);
        event.put("aggregateType", row.getString("type"));
        event.put("sequence", row.getInt64("sequence_number"));
        event.put("globalIndex", row.getInt64("global_index"));
        event.put("timestamp", row.getString("time_stamp"));
        event.put("payload", parse(row.getString("payload")));
        return record.newRecord(eventsTopic, null, Schema.STRING_SCHEMA, aggregate, null, event, record.timestamp());
    }

    /** Streamed inserts, and the rows an initial snapshot reads: events stored before the relay first ran. */
    private static boolean isInsert(String op) {
        return "c".equals(op) || "r".equals(op);
    }

    private Object parse(String payload) {
        try {
            return plain(json.readTree(payload));
        } catch (JsonProcessingException e) {
            throw new DataException("An event payload is not JSON", e);
        }
    }

    /**
     * Jackson's tree as the schemaless values Kafka Connect's JSON converter writes back as JSON, without the
     * excluded fields.
     */
    private Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> object = new LinkedHashMap<>();
            node.properties().stream().filter(field -> !excludedFields.contains(field.getKey()))
                    .forEach(field -> object.put(field.getKey(), plain(field.getValue())));
            return object;
        }
        if (node.isArray()) {
            List<Object> array = new ArrayList<>();
            node.forEach(element -> array.add(plain(element)));
            return array;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.isBigDecimal() || node.isBigInteger() ? node.asText() : node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.asText();
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void close() {
    }
}

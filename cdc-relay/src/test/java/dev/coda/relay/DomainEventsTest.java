package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The event store's row becomes a domain event, without the excluded fields wherever they are in its payload. */
class DomainEventsTest {

    private static final Schema ROW = SchemaBuilder.struct()
            .field("aggregate_identifier", Schema.STRING_SCHEMA)
            .field("payload_type", Schema.STRING_SCHEMA)
            .field("type", Schema.OPTIONAL_STRING_SCHEMA)
            .field("sequence_number", Schema.INT64_SCHEMA)
            .field("global_index", Schema.INT64_SCHEMA)
            .field("time_stamp", Schema.STRING_SCHEMA)
            .field("payload", Schema.STRING_SCHEMA)
            .build();
    private static final Schema CHANGE = SchemaBuilder.struct()
            .field("op", Schema.STRING_SCHEMA)
            .field("after", ROW)
            .build();

    @Test
    void anExcludedFieldIsLeftOutAtAnyDepth() {
        DomainEvents<SourceRecord> transform = new DomainEvents<>();
        transform.configure(Map.of("table.topic", "coda.eventstore.domain_event_entry", "topic", "coda.events",
                "payload.exclude.list", "undoTokenHash"));
        Struct row = new Struct(ROW).put("aggregate_identifier", "u1:ideas").put("payload_type", "IdeaDeleted")
                .put("type", "IdeaBoard").put("sequence_number", 3L).put("global_index", 7L)
                .put("time_stamp", "2026-11-29T10:00:00Z")
                .put("payload", "{\"undoTokenHash\":\"top\",\"items\":[{\"undoTokenHash\":\"nested\",\"title\":\"kept\"}]}");
        SourceRecord stored = new SourceRecord(Map.of(), Map.of(), "coda.eventstore.domain_event_entry", null, null,
                CHANGE, new Struct(CHANGE).put("op", "c").put("after", row));

        SourceRecord event = transform.apply(stored);

        assertThat(event.topic()).isEqualTo("coda.events");
        assertThat(event.key()).isEqualTo("u1:ideas");
        assertThat(((Map<?, ?>) event.value()).get("payload")).hasToString("{items=[{title=kept}]}");
    }
}

package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestInfrastructure;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** One connector configuration for both runtimes: the relay's file and Kafka Connect's JSON say the same. */
class ConnectorFileTest {

    @Test
    void theKafkaConnectJsonIsTheRelaysConnectorFile() throws Exception {
        JsonNode connect = new ObjectMapper().readTree(Files.readString(
                TestInfrastructure.projectRoot().resolve("infra/kafka-connect/coda-postgres.json")));
        Map<String, String> json = new HashMap<>();
        connect.get("config").properties().forEach(entry -> json.put(entry.getKey(), entry.getValue().asText()));
        json.put("name", connect.get("name").asText());

        Map<String, String> file = new HashMap<>();
        ConnectorConfiguration.load().forEach((key, value) -> file.put((String) key, (String) value));
        assertThat(json).isEqualTo(file);
    }

    @Test
    void theRelayFillsEveryPlaceholderFromItsProperties() {
        Properties config = ConnectorConfiguration.of(defaults(), "127.0.0.1:19092");

        assertThat(config.stringPropertyNames()).allSatisfy(key -> assertThat(config.getProperty(key)).doesNotContain("${"));
        assertThat(config.getProperty("table.include.list")).isEqualTo("public.cdc_heartbeat,eventstore.domain_event_entry,"
                + "public.users,public.ideas,public.idea_features,public.dev_jobs,public.dev_logs,public.dev_pairings");
        assertThat(config.getProperty("column.exclude.list")).isEqualTo("public.ideas.undo_token,"
                + "public.dev_pairings.pairing_code,public.dev_pairings.pairing_jti,public.users.email");
        assertThat(config.getProperty("heartbeat.interval.ms")).isEqualTo("10000");
        assertThat(config.getProperty(EventStoreOrder.EVENT_STORE_TABLE)).isEqualTo("eventstore.domain_event_entry");
        assertThat(config.getProperty("transforms.domainEvents.topic")).isEqualTo("coda.events");
        assertThat(config.getProperty("predicates.heartbeatRows.pattern")).isEqualTo(".*\\.public\\.cdc_heartbeat");
    }

    @Test
    void theSecretColumnsAreLeftOutWhateverTheEnvironmentSays() {
        assertThat(ConnectorConfiguration.load().getProperty("column.exclude.list"))
                .startsWith("public.ideas.undo_token,public.dev_pairings.pairing_code,public.dev_pairings.pairing_jti,");
    }

    /** Kafka Connect creates each topic from the connector's topic.creation groups; the relay, in TopicConfiguration. */
    @Test
    void kafkaConnectCreatesTheTopicsAsTheRelayDoes() {
        RelayProperties relay = defaults();
        Properties config = ConnectorConfiguration.of(relay, "127.0.0.1:19092");
        List<NewTopic> topics = TopicConfiguration.topics(relay);

        assertThat(topics).hasSize(relay.tables().size() + 1).allSatisfy(topic -> {
            String group = topic.name().matches(config.getProperty("topic.creation.events.include")) ? "events" : "default";
            assertThat(config.getProperty("topic.creation.default.partitions"))
                    .isEqualTo(Integer.toString(topic.numPartitions()));
            assertThat(topic.configs()).allSatisfy((key, value) ->
                    assertThat(config.getProperty("topic.creation." + group + "." + key)).as(topic.name() + " " + key).isEqualTo(value));
        });
        assertThat(config.getProperty("producer.override.max.request.size")).isEqualTo(Integer.toString(relay.maxRecordBytes()));
    }

    private static RelayProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("coda.relay", RelayProperties.class);
    }
}

package dev.coda.relay;

import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates the topics before the first record reaches them. Table topics are keyed by primary key and
 * compacted: they keep every row's latest state, and a delete's tombstone eventually removes the row. The
 * events topic is keyed by aggregate and keeps every event forever: events are facts, never superseded.
 * Each takes records up to {@code coda.relay.max-record-bytes} and the broker's default replication factor, as
 * on Kafka Connect, so a cluster of several brokers replicates them with no setting here. Topics that exist
 * already are brought to these settings ({@code spring.kafka.admin.modify-topic-configs}). {@link ChangeRelay}
 * makes them before each start of the engine.
 */
@Configuration
class TopicConfiguration {

    @Bean
    KafkaAdmin.NewTopics relayTopics(RelayProperties relay) {
        return new KafkaAdmin.NewTopics(topics(relay).toArray(NewTopic[]::new));
    }

    static List<NewTopic> topics(RelayProperties relay) {
        Stream<NewTopic> tables = relay.tables().stream()
                .map(table -> TopicBuilder.name(relay.topicOf(table))
                        .partitions(relay.topicPartitions())
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                        .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(relay.maxRecordBytes()))
                        .build());
        NewTopic events = TopicBuilder.name(relay.eventsTopic())
                .partitions(relay.topicPartitions())
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(relay.maxRecordBytes()))
                .build();
        return Stream.concat(tables, Stream.of(events)).toList();
    }
}

package dev.coda.relay;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates each table's topic before the first change reaches it: keyed by primary key and compacted, so the
 * topic keeps every row's latest state and a delete's tombstone eventually removes the row.
 */
@Configuration
class TopicConfiguration {

    @Bean
    KafkaAdmin.NewTopics tableTopics(RelayProperties relay) {
        return new KafkaAdmin.NewTopics(relay.tables().stream()
                .map(table -> TopicBuilder.name(relay.topicOf(table))
                        .partitions(relay.topicPartitions())
                        .replicas(1)
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                        .build())
                .toArray(NewTopic[]::new));
    }
}

package dev.coda.relay;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
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
 * already are brought to these settings ({@code spring.kafka.admin.modify-topic-configs}), but never to another
 * partition count: Spring would add partitions, and a row's or an aggregate's later records would then hash to
 * another partition than its earlier ones (a compacted topic would keep a deleted row's old value, a consumer
 * could read an aggregate's events out of order). {@link ChangeRelay} makes them before each start of the engine,
 * and does not start while one has another partition count ({@link #partitionMismatches}).
 */
@Configuration
class TopicConfiguration {

    private static final long TIMEOUT_SECONDS = 30;

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

    /** For each of the relay's topics that exists with another partition count than configured, what to do. */
    static List<String> partitionMismatches(KafkaAdmin kafka, RelayProperties relay)
            throws ExecutionException, InterruptedException, TimeoutException {
        Admin admin = Admin.create(kafka.getConfigurationProperties());
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> ours = topics(relay).stream().map(NewTopic::name).filter(existing::contains).toList();
            return admin.describeTopics(ours).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
                    .filter(topic -> topic.partitions().size() != relay.topicPartitions())
                    .map(topic -> topic.name() + " has " + topic.partitions().size() + " partitions where"
                            + " coda.relay.topic-partitions says " + relay.topicPartitions() + ": set it back, or publish"
                            + " to new topics (coda.relay.topic-prefix); adding partitions breaks the order of each key")
                    .toList();
        } finally {
            admin.close(Duration.ZERO); // a stopping relay does not wait for calls to a broker that is away
        }
    }
}

package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads topics from the beginning until a condition holds, failing at a deadline. */
final class KafkaRecords {

    private KafkaRecords() {
    }

    static List<ConsumerRecord<String, String>> consumeUntil(Pattern topics,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "relay-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(topics);
            while (!done.test(seen)) {
                assertThat(Instant.now()).as("records on %s so far: %s", topics, seen).isBefore(deadline);
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
            }
        }
        return seen;
    }

    static List<ConsumerRecord<String, String>> consumeUntil(String topic,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        return consumeUntil(Pattern.compile(Pattern.quote(topic)), done, timeout);
    }

    static Predicate<List<ConsumerRecord<String, String>>> anyValueContains(String text) {
        return seen -> seen.stream().anyMatch(record -> record.value() != null && record.value().contains(text));
    }
}

package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A relay whose topics exist with another partition count than it is configured with leaves them as they are
 * and does not start: adding partitions would send a key's later records to another partition than its earlier.
 */
@SpringBootTest
@DirtiesContext // its engine never starts, and keeps saying why
class PartitionCountTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("relay_partitions");
    private static final TestTopics topics = TestTopics.create("partitions");
    private static final String EVENTS = topics.prefix() + ".events";

    @Autowired
    private RelayStatus status;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(EVENTS, 1, (short) 1))).all().get();
        }
        RelayTestProperties.capture(registry, database);
        RelayTestProperties.publish(registry, topics);
        registry.add("coda.relay.topic-partitions", () -> "3");
    }

    @AfterAll
    static void release(@Autowired ChangeRelay relay) {
        RelayTestProperties.release(relay, database, topics);
    }

    @Test
    void topicsWithAnotherPartitionCountAreLeftAloneAndTheRelayDoesNotStart() throws Exception {
        Await.until("the relay refusing to start", Duration.ofSeconds(60),
                () -> String.valueOf(status.health().getDetails().get("lastError")).contains(EVENTS + " has 1 partitions"));

        try (Admin admin = admin()) {
            assertThat(admin.describeTopics(List.of(EVENTS)).allTopicNames().get().get(EVENTS).partitions()).hasSize(1);
        }
        assertThat(topics.names()).as("no topic made").containsExactly(EVENTS);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()));
    }
}

package dev.coda.relay;

import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTopics;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a relay under test at a test database, with topics, slot and publication named by a prefix, and
 * takes them away after the test class.
 */
final class RelayTestProperties {

    private RelayTestProperties() {
    }

    static void capture(DynamicPropertyRegistry registry, TestDatabase database) {
        var server = database.server();
        registry.add("coda.relay.database.host", server::host);
        registry.add("coda.relay.database.port", server::port);
        registry.add("coda.relay.database.name", database::name);
        registry.add("coda.relay.database.user", server::user);
        registry.add("coda.relay.database.password", server::password);
    }

    static void publish(DynamicPropertyRegistry registry, TestTopics topics) {
        String prefix = topics.prefix();
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        registry.add("coda.relay.topic-prefix", () -> prefix);
        registry.add("coda.relay.slot-name", () -> prefix);
        registry.add("coda.relay.publication-name", () -> prefix);
        registry.add("coda.relay.offsets-topic", () -> prefix + "-offsets");
    }

    /**
     * Stops the relay first, since a running engine would recreate its slot, then drops the database with
     * its slot: an inactive slot left in a reused cluster would hold its WAL for good.
     */
    static void release(ChangeRelay relay, TestDatabase database) {
        relay.stop();
        database.close();
    }

    /** As {@link #release(ChangeRelay, TestDatabase)}, then deletes the topics the relay published to. */
    static void release(ChangeRelay relay, TestDatabase database, TestTopics topics) {
        release(relay, database);
        topics.close();
    }
}

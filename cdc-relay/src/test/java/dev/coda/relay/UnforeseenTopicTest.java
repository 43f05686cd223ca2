package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTopics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The relay sends to its own topics only. With the event store's table written as a pattern, which Debezium
 * captures but the domain-event transformation does not recognise, the store's raw rows (with the hashes that
 * coda.events leaves out) would go to a topic of their own: the relay stops instead, and says why.
 */
@SpringBootTest
@DirtiesContext // its engine keeps failing on the same change for the rest of the run
class UnforeseenTopicTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("relay_unforeseen");
    private static final TestTopics topics = TestTopics.create("unforeseen");

    @Autowired
    private RelayStatus status;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        database.createEventStore();
        execute("INSERT INTO eventstore.domain_event_entry (global_index, event_identifier, aggregate_identifier,"
                + " sequence_number, type, time_stamp, payload_type, payload)"
                + " VALUES (1, 'e1', 'u1:ideas', 0, 'IdeaBoard', '2026-11-29T10:00:00Z', 'IdeaDeleted',"
                + " '{\"undoTokenHash\":\"raw-hash\"}')");
        execute("CREATE TABLE public.probe (id int PRIMARY KEY)");
        RelayTestProperties.capture(registry, database);
        RelayTestProperties.publish(registry, topics);
        registry.add("coda.relay.tables", () -> "public.probe");
        registry.add("coda.relay.event-store-table", () -> "eventstore\\.domain_event_entry");
    }

    @AfterAll
    static void release(@Autowired ChangeRelay relay) {
        RelayTestProperties.release(relay, database, topics);
    }

    @Test
    void aChangeBoundForATopicTheRelayDidNotMakeStopsItAndIsNotSent() throws Exception {
        Await.until("the relay stopping on the raw row", Duration.ofSeconds(90),
                () -> String.valueOf(status.health().getDetails().get("lastError")).contains("domain_event_entry"));

        assertThat(topics.names()).as("the topics made under the relay's prefix").isNotEmpty()
                .noneMatch(topic -> topic.contains("domain_event_entry"));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

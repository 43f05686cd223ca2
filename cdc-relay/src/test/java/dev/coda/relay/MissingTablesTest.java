package dev.coda.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTopics;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A relay started before the services' migrations waits for the tables it captures, and says so: a publication
 * made without a table would never publish that table's changes, nor would a later snapshot.
 */
@SpringBootTest
@DirtiesContext // its engine runs on for the rest of the run
class MissingTablesTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("relay_missing");
    private static final TestTopics topics = TestTopics.create("missing");

    @Autowired
    private RelayStatus status;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RelayTestProperties.capture(registry, database);
        RelayTestProperties.publish(registry, topics);
        registry.add("coda.relay.tables", () -> "public.late");
        registry.add("coda.relay.restart-backoff", () -> "200ms");
    }

    @AfterAll
    static void release(@Autowired ChangeRelay relay) {
        RelayTestProperties.release(relay, database, topics);
    }

    @Test
    void aTableMadeAfterTheRelayStartedIsCapturedFromItsFirstRow() throws SQLException {
        Await.until("the relay waiting for its tables", Duration.ofSeconds(60), () ->
                String.valueOf(status.health().getDetails().get("lastError")).contains("public.late, eventstore.domain_event_entry"));

        assertThat(database.queryText("SELECT to_regclass('public.cdc_heartbeat')::text"))
                .as("no table of the relay's own before the services' first migration, which it would stop").isNull();

        database.createEventStore();
        database.execute("CREATE TABLE public.late (id int PRIMARY KEY, note text)");
        database.execute("INSERT INTO public.late VALUES (1, 'the first row')");

        KafkaRecords.consumeUntil(topics.prefix() + ".public.late", KafkaRecords.anyValueContains("the first row"),
                Duration.ofSeconds(90));
    }
}

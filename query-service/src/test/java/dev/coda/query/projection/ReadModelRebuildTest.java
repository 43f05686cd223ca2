package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An operator rebuilds the read tables from the event store through Actuator, and follows its progress there. */
class ReadModelRebuildTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("rebuild");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void aRebuildReplaysEveryEventBesideTheLiveTablesAndWritesOnlyTheRowsThatDiffer() throws Exception {
        String user = registerUser();
        for (int position = 0; position < 3; position++) {
            eventStore.publish(new GenericDomainEventMessage<>("IdeaBoard", user + ":ideas", position,
                    new IdeaCreated(user, UUID.randomUUID(), "idea " + position, null, null, null, position, null, Instant.now())));
        }
        awaitProjection();
        // the read model drifted from the events (a projection bug, a hand edit): the rebuild puts it right
        jdbc.sql("UPDATE ideas SET title = 'drifted' WHERE user_id = ? AND position = 1").param(user).update();
        jdbc.sql("INSERT INTO users (id, name, email) VALUES ('stray', 'Stray', 'stray@example.com')").update();
        List<String> rightRowVersions = rowVersionsOfRightRows(user);

        assertThat(startRebuild().get("events").asLong()).isEqualTo(headIndex());
        assertThat(jdbc.sql("SELECT count(*) FROM ideas WHERE user_id = ?").param(user).query(Long.class).single())
                .as("the live tables keep their rows while the replay fills the shadow's").isEqualTo(3);

        JsonNode progress = awaitRebuilt();
        assertThat(progress.get("percent").asDouble()).isEqualTo(100);
        assertThat(progress.get("projected").asLong()).isEqualTo(headIndex());
        assertThat(json.convertValue(progress.get("changedRows"), Map.class)).isEqualTo(Map.of("users", 1, "ideas", 1));
        assertThat(jdbc.sql("SELECT title FROM ideas WHERE user_id = ? ORDER BY position").param(user).query(String.class).list())
                .containsExactly("idea 0", "idea 1", "idea 2");
        assertThat(jdbc.sql("SELECT id FROM users").query(String.class).list()).contains(user).doesNotContain("stray");
        assertThat(rowVersionsOfRightRows(user)).as("rows that were right are not written again (nothing to publish)")
                .isEqualTo(rightRowVersions);
        assertThat(jdbc.sql("SELECT segment FROM token_entry WHERE processor_name = ? ORDER BY segment")
                .param(ReadModel.PROCESSOR).query(Integer.class).list())
                .as("the replay's token went to the live processor's one segment").containsExactly(0);
        assertOnlyTheLiveProcessorIsLeftAndItProjects(user, 3);
    }

    @Test
    void aSwitchThatFailsChangesNothingKeepsTheLiveProcessorGoingAndNamesNoPersonalData() throws Exception {
        String ada = registerUser();
        String bob = registerUser();
        awaitProjection();
        // a unique value moving between rows fails the switch (ADR 0007): swap two users' emails by hand
        swapEmails(ada, bob);
        try {
            List<String> liveRowVersions = jdbc.sql("SELECT id || ' ' || xmin FROM users ORDER BY 1").query(String.class).list();

            startRebuild();
            JsonNode progress = awaitRebuildEnded();
            assertThat(progress.get("state").asText()).as("%s", progress).isEqualTo("failed");
            assertThat(progress.get("detail").asText()).contains("users_email_unique").doesNotContain(ada, bob); // nor their emails
            assertThat(progress.get("changedRows").isEmpty()).isTrue();
            assertThat(jdbc.sql("SELECT id || ' ' || xmin FROM users ORDER BY 1").query(String.class).list())
                    .as("no live row written").isEqualTo(liveRowVersions);
            assertOnlyTheLiveProcessorIsLeftAndItProjects(ada, 0);
        } finally {
            swapEmails(ada, bob); // back, for the other tests, even when this one failed
        }
    }

    /** Swaps two users' emails in the live table, through a third value: the unique key is checked row by row. */
    private void swapEmails(String a, String b) {
        String aEmail = jdbc.sql("SELECT email FROM users WHERE id = ?").param(a).query(String.class).single();
        String bEmail = jdbc.sql("SELECT email FROM users WHERE id = ?").param(b).query(String.class).single();
        jdbc.sql("UPDATE users SET email = 'swapping' WHERE id = ?").param(a).update();
        jdbc.sql("UPDATE users SET email = ? WHERE id = ?").param(aEmail).param(b).update();
        jdbc.sql("UPDATE users SET email = ? WHERE id = ?").param(bEmail).param(a).update();
    }

    /** The shadow schema and the replay's tokens are gone, and the live processor projects a new idea. */
    private void assertOnlyTheLiveProcessorIsLeftAndItProjects(String user, int position) {
        assertThat(jdbc.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'read_model_rebuild'").query(Long.class).single())
                .as("the shadow tables are dropped").isZero();
        assertThat(jdbc.sql("SELECT DISTINCT processor_name FROM token_entry").query(String.class).list())
                .as("only the live processor has tokens").containsExactly(ReadModel.PROCESSOR);
        UUID idea = UUID.randomUUID();
        eventStore.publish(new GenericDomainEventMessage<>("IdeaBoard", user + ":ideas", position,
                new IdeaCreated(user, idea, "after the rebuild", null, null, null, position, null, Instant.now())));
        awaitProjection();
        assertThat(jdbc.sql("SELECT count(*) FROM ideas WHERE id = ?").param(idea).query(Long.class).single())
                .as("the live processor goes on").isOne();
    }

    /** The row versions ({@code xmin}) of the users and the ideas that the drift left alone. */
    private List<String> rowVersionsOfRightRows(String user) {
        return jdbc.sql("SELECT id || ' ' || xmin FROM users WHERE id <> 'stray'"
                + " UNION ALL SELECT id || ' ' || xmin FROM ideas WHERE NOT (user_id = ? AND position = 1) ORDER BY 1")
                .param(user).query(String.class).list();
    }

    @Test
    void onlyAnOperatorMayStartOrWatchARebuild() throws Exception {
        String user = registerUser();
        assertThat(send(request(REBUILD, TestTokens.user(user)).POST(HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(403);
        assertThat(send(request(REBUILD, null).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(401);
        assertThat(send(request(REBUILD, TestTokens.user(user)).GET()).statusCode()).isEqualTo(403);
        assertThat(send(request("/actuator/metrics", TestTokens.user(user)).GET()).statusCode()).isEqualTo(403);
        assertThat(send(request("/actuator/metrics", TestTokens.admin()).GET()).statusCode()).isEqualTo(200);
    }
}

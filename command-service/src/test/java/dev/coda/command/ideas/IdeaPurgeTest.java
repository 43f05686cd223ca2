package dev.coda.command.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.command.CommandServiceTest;
import dev.coda.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** The system purges a deleted idea by itself once its (here: short) undo window has passed. */
@TestPropertySource(properties = {"coda.ideas.undo-window=300ms", "coda.ideas.purge-interval=100ms"})
@DirtiesContext // its fast sweeper would go on, among the next classes' rows in the shared database
class IdeaPurgeTest extends CommandServiceTest {

    @Test
    void aDeletedIdeaIsPurgedAfterItsUndoWindowAndCannotBeRestoredThen() throws Exception {
        String user = registerUser();
        String token = TestTokens.user(user);
        JsonNode idea = body(send("POST", "/api/ideas", token, "{\"title\":\"Short-lived\"}", Map.of()));
        String path = "/api/ideas/" + idea.get("id").asText();
        String undoToken = body(send("DELETE", path, token, null, Map.of())).get("undoToken").asText();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!eventTypes(user).contains("IdeaPurged")) {
            assertThat(Instant.now()).as("purged before the deadline").isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll interval
        }

        assertThat(eventTypes(user)).containsExactly("IdeaCreated", "IdeaDeleted", "IdeaPurged");
        assertThat(jdbc.sql("SELECT count(*) FROM eventstore.idea_purge_schedule WHERE user_id = :user")
                .param("user", user).query(Long.class).single()).isZero();
        assertProblem(send("POST", path + "/restore", token, "{\"undoToken\":\"" + undoToken + "\"}", Map.of()), 404);
    }

    @Test
    void aPurgeThatFindsNoBoardHoldsBackNoOther() throws Exception {
        // due before any other: a user with no board (the purge's command finds no aggregate)
        UUID ghost = UUID.randomUUID();
        jdbc.sql("INSERT INTO eventstore.idea_purge_schedule (idea_id, user_id, due_at) VALUES (:idea, :user, now() - interval '1 day')")
                .param("idea", ghost).param("user", "no-such-user-" + UUID.randomUUID()).update();
        String user = registerUser();
        String token = TestTokens.user(user);
        String path = "/api/ideas/" + body(send("POST", "/api/ideas", token, "{\"title\":\"Due\"}", Map.of())).get("id").asText();
        assertThat(send("DELETE", path, token, null, Map.of()).statusCode()).isEqualTo(200);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!eventTypes(user).contains("IdeaPurged")) {
            assertThat(Instant.now()).as("purged before the deadline, behind one that fails").isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll interval
        }
        assertThat(jdbc.sql("SELECT count(*) FROM eventstore.idea_purge_schedule WHERE idea_id = :idea")
                .param("idea", ghost).query(Long.class).single()).as("nothing to purge: its schedule dropped").isZero();
    }
}

package dev.coda.command.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.CommandServiceTest;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Boards are snapshotted every few events, and a board loaded again (here after it was dropped from the cache)
 * starts from its snapshot, unless the snapshot is of another revision than the board's or
 * cannot be read.
 */
@TestPropertySource(properties = "coda.ideas.events-per-snapshot=10")
class BoardSnapshotsTest extends CommandServiceTest {

    private static final int IDEAS = 12;

    @Test
    void aBoardLoadedAgainStartsFromItsSnapshot() throws Exception {
        // the events the snapshot stands for are not read again: without it, the board would have no ideas left
        int position = positionOfANewIdeaAfter((board, snapshotAt) -> jdbc.sql(
                        "DELETE FROM eventstore.domain_event_entry WHERE aggregate_identifier = :board AND sequence_number <= :at")
                .param("board", board).param("at", snapshotAt).update());

        assertThat(position).isEqualTo(IDEAS);
    }

    @Test
    void aSnapshotOfAnotherRevisionIsNotUsed() throws Exception {
        // an empty board, in a shape of another revision: read, it would place the next idea first
        int position = positionOfANewIdeaAfter((board, snapshotAt) -> jdbc.sql(
                        "UPDATE eventstore.snapshot_event_entry SET payload = '{}', payload_revision = '0' WHERE aggregate_identifier = :board")
                .param("board", board).update());

        assertThat(position).isEqualTo(IDEAS);
    }

    @Test
    void aSnapshotThatCannotBeReadIsNotUsed() throws Exception {
        int position = positionOfANewIdeaAfter((board, snapshotAt) -> jdbc.sql(
                        "UPDATE eventstore.snapshot_event_entry SET payload = '{\"ideas\":\"x\"}' WHERE aggregate_identifier = :board")
                .param("board", board).update());

        assertThat(position).isEqualTo(IDEAS);
    }

    /**
     * The position of an idea created after {@value #IDEAS} others, the board's snapshot, a change to the event store
     * (given the board's id and the sequence number of its snapshot) and the board dropped from the cache.
     */
    private int positionOfANewIdeaAfter(BiConsumer<String, Long> storeChange) throws Exception {
        String user = registerUser();
        String token = TestTokens.user(user);
        createIdeas(token);
        storeChange.accept(IdeaBoard.idOf(user), awaitSnapshot(user));
        dropFromTheCache("ideaBoardCache", IdeaBoard.idOf(user));
        return positionOfANewIdea(token);
    }

    private void createIdeas(String token) throws Exception {
        for (int i = 0; i < IDEAS; i++) {
            assertThat(send("POST", "/api/ideas", token, "{\"title\":\"idea " + i + "\"}", Map.of()).statusCode()).isEqualTo(201);
        }
    }

    /** The sequence number of the board's snapshot, in the board's current revision, once taken. */
    private long awaitSnapshot(String user) {
        Await.until("a snapshot of the board", Duration.ofSeconds(10), () -> snapshot(user) != null);
        return snapshot(user);
    }

    private Long snapshot(String user) {
        return jdbc.sql("""
                        SELECT max(sequence_number) FROM eventstore.snapshot_event_entry
                        WHERE aggregate_identifier = :board AND payload_revision = :revision""")
                .param("board", IdeaBoard.idOf(user)).param("revision", IdeaBoard.SNAPSHOT_REVISION)
                .query(Long.class).optional().orElse(null);
    }

    private int positionOfANewIdea(String token) throws Exception {
        HttpResponse<String> created = send("POST", "/api/ideas", token, "{\"title\":\"one more\"}", Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return body(created).get("position").asInt();
    }
}

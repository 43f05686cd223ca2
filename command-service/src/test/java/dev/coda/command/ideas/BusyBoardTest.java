package dev.coda.command.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.CommandServiceTest;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Commands queued behind one user's busy board hold no database connection while they wait for it: a burst on one
 * board cannot take the pool from every other user.
 */
@TestPropertySource(properties = {"spring.datasource.hikari.maximum-pool-size=5",
        "spring.datasource.hikari.connection-timeout=2000"})
@DirtiesContext // a pool of its own size
class BusyBoardTest extends CommandServiceTest {

    private static final int QUEUED = 6;

    @Autowired
    private DataSource dataSource;
    @Autowired
    private MeterRegistry meters;

    @Test
    void commandsWaitingForABusyBoardLeaveTheConnectionsToOtherUsers() throws Exception {
        String busy = registerUser();
        String busyToken = TestTokens.user(busy);
        String idea = body(send("POST", "/api/ideas", busyToken, "{\"title\":\"Busy\"}", Map.of())).get("id").asText();
        String otherToken = TestTokens.user(registerUser());
        List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();

        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            holdTheBoardsNextEvent(blocker, busy);
            for (int i = 0; i < QUEUED; i++) {
                queued.add(CompletableFuture.supplyAsync(() -> star(busyToken, idea)));
            }
            Await.until("the busy board's commands in flight", Duration.ofSeconds(30),
                    () -> activeRequests() >= QUEUED);

            HttpResponse<String> other = send("POST", "/api/ideas", otherToken, "{\"title\":\"Other\"}", Map.of());

            assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
            blocker.rollback();
        }
        for (CompletableFuture<HttpResponse<String>> command : queued) {
            assertThat(command.get(1, TimeUnit.MINUTES).statusCode()).isEqualTo(200);
        }
    }

    /** An uncommitted event at the board's next sequence: the board's next append waits until it is rolled back. */
    private void holdTheBoardsNextEvent(Connection connection, String user) throws Exception {
        String board = IdeaBoard.idOf(user);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO eventstore.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload)
                SELECT ?, ?, max(sequence_number) + 1, 'IdeaBoard', '2026-11-30T00:00:00Z', 'blocker', '{}'
                FROM eventstore.domain_event_entry WHERE aggregate_identifier = ?""")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, board);
            insert.setString(3, board);
            insert.executeUpdate();
        }
    }

    private HttpResponse<String> star(String token, String idea) {
        try {
            return send("PUT", "/api/ideas/" + idea + "/star", token, null, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long activeRequests() {
        var active = Search.in(meters).name("http.server.requests.active").longTaskTimers();
        return active.stream().mapToLong(timer -> timer.activeTasks()).sum();
    }
}

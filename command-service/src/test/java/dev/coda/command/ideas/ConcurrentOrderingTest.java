package dev.coda.command.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coda.command.CommandServiceTest;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Many clients create, move and delete one user's ideas at once. Every event the board recorded must
 * agree with the order folded from the events before it, so the positions stay a permutation of 0..n-1.
 */
class ConcurrentOrderingTest extends CommandServiceTest {

    private static final int CLIENTS = 8;
    private static final int COMMANDS_PER_CLIENT = 30;

    @Test
    void concurrentCreatesMovesAndDeletesKeepPositionsAGapFreePermutation() throws Exception {
        String user = registerUser();
        String token = TestTokens.user(user);
        List<String> ideas = new CopyOnWriteArrayList<>();
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 5; i++) {
            ideas.add(body(send("POST", "/api/ideas", token, "{\"title\":\"seed " + i + "\"}", Map.of())).get("id").asText());
        }

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> work = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            work.add(clients.submit(() -> {
                for (int i = 0; i < COMMANDS_PER_CLIENT; i++) {
                    statuses.add(randomCommand(token, ideas).statusCode());
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        clients.shutdown();

        assertThat(statuses).as("only successes and ideas already deleted by another client").isSubsetOf(200, 201, 404);
        List<String> order = foldOrder(user);
        assertThat(order).doesNotHaveDuplicates();
    }

    private HttpResponse<String> randomCommand(String token, List<String> ideas) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int dice = random.nextInt(10);
        if (dice < 4 || ideas.isEmpty()) {
            HttpResponse<String> created = send("POST", "/api/ideas", token, "{\"title\":\"concurrent\"}", Map.of());
            ideas.add(body(created).get("id").asText());
            return created;
        }
        String idea = ideas.get(random.nextInt(ideas.size()));
        if (dice < 8) {
            return send("PUT", "/api/ideas/" + idea + "/position", token,
                    "{\"position\":" + random.nextInt(ideas.size() + 2) + "}", Map.of());
        }
        return send("DELETE", "/api/ideas/" + idea, token, null, Map.of());
    }

    /** Replays the board's events, checking each recorded position against the order so far. */
    private List<String> foldOrder(String user) throws Exception {
        List<String> order = new ArrayList<>();
        for (String payload : jdbc.sql("""
                        SELECT payload FROM eventstore.domain_event_entry
                        WHERE aggregate_identifier = :board ORDER BY sequence_number""")
                .param("board", user + ":ideas").query(String.class).list()) {
            JsonNode event = json.readTree(payload);
            String id = event.path("ideaId").asText();
            if (event.has("idempotencyKey")) {
                assertThat(event.get("position").asInt()).isEqualTo(order.size());
                order.add(id);
            } else if (event.has("fromPosition")) {
                assertThat(order.indexOf(id)).isEqualTo(event.get("fromPosition").asInt());
                order.remove(id);
                order.add(event.get("toPosition").asInt(), id);
            } else if (event.has("undoExpiresAt")) { // a deletion; a deletion sent again only reissues its undo token
                assertThat(order.indexOf(id)).isEqualTo(event.get("position").asInt());
                order.remove(id);
            }
        }
        return Collections.unmodifiableList(order);
    }
}

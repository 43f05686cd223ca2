package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton, end to end: the three services as separate processes on real PostgreSQL and
 * Kafka. A user is registered, creates an idea, reads it back through the query API with the command's
 * consistency token, and the idea's change record arrives on {@code <prefix>.public.ideas}.
 */
class OneIdeaTravelsEndToEndIT extends SystemTest {

    private static final ObjectMapper json = new ObjectMapper();

    @Test
    void anIdeaCreatedOverHttpReachesTheReadTableTheQueryApiAndKafka() throws Exception {
        HttpResponse<String> registered = system.send("POST", system.commands.url("/api/users"), TestTokens.authAdapter(),
                "{\"name\":\"Ada\",\"email\":\"ada-" + UUID.randomUUID() + "@example.com\"}", Map.of());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String userId = json.readTree(registered.body()).get("id").asText();

        HttpResponse<String> created = system.send("POST", system.commands.url("/api/ideas"), TestTokens.user(userId),
                "{\"title\":\"Walking skeleton\",\"notes\":\"one idea all the way to Kafka\"}", Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode idea = json.readTree(created.body());
        String ideaId = idea.get("id").asText();

        HttpResponse<String> listed = system.send("GET", system.queries.url("/api/ideas"), TestTokens.user(userId), null,
                Map.of("X-Consistency-Token", idea.get("consistencyToken").asText()));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode items = json.readTree(listed.body()).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("id").asText()).isEqualTo(ideaId);
        assertThat(items.get(0).get("title").asText()).isEqualTo("Walking skeleton");

        assertThat(readTableTitle(ideaId)).contains("Walking skeleton");

        List<ConsumerRecord<String, String>> records = system.consumeUntil(system.topic("ideas"),
                seen -> seen.stream().anyMatch(record -> record.key().contains(ideaId)), Duration.ofSeconds(60));
        JsonNode change = json.readTree(records.stream().filter(record -> record.key().contains(ideaId))
                .findFirst().orElseThrow().value());
        assertThat(change.get("op").asText()).isEqualTo("c");
        assertThat(change.get("after").get("title").asText()).isEqualTo("Walking skeleton");
        assertThat(change.get("after").get("user_id").asText()).isEqualTo(userId);
        assertThat(change.get("after").has("undo_token")).as("secrets never reach Kafka").isFalse();
    }

    private static Optional<String> readTableTitle(String ideaId) throws Exception {
        try (Connection connection = system.database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT title FROM ideas WHERE id = ?::uuid")) {
            statement.setString(1, ideaId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }
}

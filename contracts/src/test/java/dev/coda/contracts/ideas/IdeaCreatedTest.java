package dev.coda.contracts.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.contracts.EventJson;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Stored IdeaCreated events of both revisions read back as they were written. */
class IdeaCreatedTest {

    private static final ObjectMapper json = EventJson.objectMapper();
    private static final UUID IDEA = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final Instant AT = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void revisionTwoKeepsTheRequestHash() throws Exception {
        IdeaCreated created = new IdeaCreated("u1", IDEA, "Title", null, null, null, 0, "key-1", "hash", AT);

        assertThat(json.readValue(json.writeValueAsString(created), IdeaCreated.class)).isEqualTo(created);
    }

    @Test
    void revisionOneHasNoRequestHash() throws Exception {
        String stored = """
                {"userId":"u1","ideaId":"%s","title":"Title","notes":null,"githubUrl":null,"linkLabel":null,
                 "position":0,"idempotencyKey":"key-1","at":"2026-11-29T12:00:00Z"}""".formatted(IDEA);

        assertThat(json.readValue(stored, IdeaCreated.class))
                .isEqualTo(new IdeaCreated("u1", IDEA, "Title", null, null, null, 0, "key-1", null, AT));
    }
}

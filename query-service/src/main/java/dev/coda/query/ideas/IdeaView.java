package dev.coda.query.ideas;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** An idea as the read side shows it, with its features (a JSON array ordered by position). */
public record IdeaView(UUID id, String title, String notes, int position, boolean starred, boolean superStarred,
                       String githubUrl, String linkLabel, Instant createdAt, Instant updatedAt,
                       @JsonRawValue String features) {

    /**
     * The idea's version: {@code updatedAt} in microseconds since the epoch, as a string. Quoted, it is the
     * idea's ETag, which commands take back in {@code If-Match}.
     */
    @JsonProperty
    public String version() {
        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt));
    }
}

package dev.coda.query.ideas;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/** An idea as the read side shows it, with its features (a JSON array ordered by position). */
public record IdeaView(UUID id, String title, String notes, int position, boolean starred, boolean superStarred,
                       String githubUrl, String linkLabel, Instant createdAt, Instant updatedAt,
                       @JsonRawValue String features) {
}

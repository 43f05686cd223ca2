package dev.coda.contracts.ideas;

import dev.coda.contracts.EventRevision;
import dev.coda.contracts.UserOwned;
import java.time.Instant;
import java.util.UUID;

/**
 * Events of a user's {@code IdeaBoard} aggregate: the board's identifier is the user id, because the
 * order of a user's ideas is one consistency boundary (docs/adr/0003).
 */
public sealed interface IdeaEvent extends UserOwned {

    UUID ideaId();

    /** An idea was added at {@code position}, the end of the user's list. */
    @EventRevision("1")
    record IdeaCreated(String userId, UUID ideaId, String title, String notes, String githubUrl, String linkLabel,
                       int position, Instant createdAt) implements IdeaEvent {
    }
}

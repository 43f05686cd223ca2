package dev.coda.command.ideas;

import java.util.UUID;

/** Where a command put an idea in its user's list. */
public record IdeaPlaced(UUID ideaId, int position) {
}

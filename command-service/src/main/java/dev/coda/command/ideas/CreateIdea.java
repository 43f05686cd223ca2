package dev.coda.command.ideas;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds an idea at the end of the user's list. */
public record CreateIdea(String userId, UUID ideaId, String title, String notes, String githubUrl, String linkLabel) {

    @TargetAggregateIdentifier
    public String boardId() {
        return IdeaBoard.idOf(userId);
    }
}

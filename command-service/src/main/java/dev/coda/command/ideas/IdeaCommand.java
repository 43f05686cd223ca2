package dev.coda.command.ideas;

import dev.coda.contracts.ideas.IdeaEvent.DetailSection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands on a user's ideas and their features. All go to the user's {@link IdeaBoard}. A non-null
 * {@code expectedVersion} (from the client's {@code If-Match}) must equal the idea's current version.
 */
public sealed interface IdeaCommand {

    String userId();

    @TargetAggregateIdentifier
    default String boardId() {
        return IdeaBoard.idOf(userId());
    }

    /** A command on one existing idea. */
    sealed interface OnIdea extends IdeaCommand {

        UUID ideaId();

        Instant expectedVersion();
    }

    /** Adds an idea at the end of the list; a repeated {@code idempotencyKey} returns the first result. */
    record CreateIdea(String userId, UUID ideaId, String title, String notes, String githubUrl, String linkLabel,
                      String idempotencyKey) implements IdeaCommand {
    }

    /** Creates an idea with its features from the seed's import/export document. */
    record ImportIdea(String userId, UUID ideaId, String title, String notes, boolean starred, boolean superStarred,
                      String githubUrl, String linkLabel, List<NewFeature> features, String idempotencyKey)
            implements IdeaCommand {
    }

    record EditIdea(String userId, UUID ideaId, String title, String notes, Instant expectedVersion) implements OnIdea {
    }

    record StarIdea(String userId, UUID ideaId, boolean starred, Instant expectedVersion) implements OnIdea {
    }

    record SuperStarIdea(String userId, UUID ideaId, boolean superStarred, Instant expectedVersion) implements OnIdea {
    }

    /** Sets the GitHub link, or clears it when {@code githubUrl} is null. */
    record LinkIdea(String userId, UUID ideaId, String githubUrl, String linkLabel, Instant expectedVersion)
            implements OnIdea {
    }

    /** Moves the idea to {@code position}; past the end means to the end. */
    record MoveIdea(String userId, UUID ideaId, int position, Instant expectedVersion) implements OnIdea {
    }

    /** Moves the idea to the trash; it can be restored with the token whose hash is given, within the window. */
    record DeleteIdea(String userId, UUID ideaId, String undoTokenHash, Duration undoWindow, Instant expectedVersion)
            implements OnIdea {
    }

    record RestoreIdea(String userId, UUID ideaId, String undoTokenHash, Instant expectedVersion) implements OnIdea {
    }

    /** Sent by the system once a deleted idea's undo window has passed. */
    record PurgeIdea(String userId, UUID ideaId, Instant expectedVersion) implements OnIdea {
    }

    /** Appends features to the idea, in the given order, after its current last feature. */
    record AddFeatures(String userId, UUID ideaId, List<NewFeature> features, Instant expectedVersion)
            implements OnIdea {
    }

    record EditFeature(String userId, UUID ideaId, UUID featureId, String title, String notes, String detail,
                       List<DetailSection> detailSections, Instant expectedVersion) implements OnIdea {
    }

    record StarFeature(String userId, UUID ideaId, UUID featureId, boolean starred, Instant expectedVersion)
            implements OnIdea {
    }

    /** Marks the feature done, or reopens it. */
    record CompleteFeature(String userId, UUID ideaId, UUID featureId, boolean completed, Instant expectedVersion)
            implements OnIdea {
    }

    record MoveFeature(String userId, UUID ideaId, UUID featureId, int position, Instant expectedVersion)
            implements OnIdea {
    }

    record RemoveFeature(String userId, UUID ideaId, UUID featureId, Instant expectedVersion) implements OnIdea {
    }

    /** A feature to add; {@code completedAt} is set only by imports. */
    record NewFeature(UUID featureId, String title, String notes, String detail, List<DetailSection> detailSections,
                      boolean starred, Instant completedAt) {
    }
}

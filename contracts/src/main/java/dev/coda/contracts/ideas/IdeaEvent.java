package dev.coda.contracts.ideas;

import dev.coda.contracts.EventRevision;
import dev.coda.contracts.UserOwned;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Events of a user's {@code IdeaBoard} aggregate: the board holds all ideas of one user, because the order
 * of a user's ideas is one consistency boundary (docs/adr/0003). Every event names the user and the idea,
 * and carries the instant it happened ({@code at}), which is also the idea's new {@code updated_at}.
 * Positions are those of the user's non-deleted ideas (0..n-1) and of an idea's features (0..m-1).
 */
public sealed interface IdeaEvent extends UserOwned {

    UUID ideaId();

    Instant at();

    /**
     * An idea was added at {@code position}, the end of the user's list. {@code requestHash} is a SHA-256 of what
     * the request under {@code idempotencyKey} asked for (null without a key, and in events of revision 1), so that
     * the same key with another request is refused rather than answered with this idea.
     */
    @EventRevision("2")
    record IdeaCreated(String userId, UUID ideaId, String title, String notes, String githubUrl, String linkLabel,
                       int position, String idempotencyKey, String requestHash, Instant at) implements IdeaEvent {

        /** Without an Idempotency-Key, or as revision 1 recorded it. */
        public IdeaCreated(String userId, UUID ideaId, String title, String notes, String githubUrl, String linkLabel,
                           int position, String idempotencyKey, Instant at) {
            this(userId, ideaId, title, notes, githubUrl, linkLabel, position, idempotencyKey, null, at);
        }
    }

    @EventRevision("1")
    record IdeaEdited(String userId, UUID ideaId, String title, String notes, Instant at) implements IdeaEvent {
    }

    @EventRevision("1")
    record IdeaStarred(String userId, UUID ideaId, Instant at) implements IdeaEvent {
    }

    @EventRevision("1")
    record IdeaUnstarred(String userId, UUID ideaId, Instant at) implements IdeaEvent {
    }

    @EventRevision("1")
    record IdeaSuperStarred(String userId, UUID ideaId, Instant at) implements IdeaEvent {
    }

    @EventRevision("1")
    record IdeaSuperStarRemoved(String userId, UUID ideaId, Instant at) implements IdeaEvent {
    }

    /** The idea's GitHub link was set; {@code linkLabel} may be null. */
    @EventRevision("1")
    record IdeaLinkSet(String userId, UUID ideaId, String githubUrl, String linkLabel, Instant at) implements IdeaEvent {
    }

    @EventRevision("1")
    record IdeaLinkCleared(String userId, UUID ideaId, Instant at) implements IdeaEvent {
    }

    /** The idea moved from one position to another; the ideas in between shift by one. */
    @EventRevision("1")
    record IdeaMoved(String userId, UUID ideaId, int fromPosition, int toPosition, Instant at) implements IdeaEvent {
    }

    /**
     * The idea went to the trash from {@code position}; the ideas after it move up. It can be restored with
     * the undo token until {@code undoExpiresAt}. Only the token's SHA-256 hash is recorded, never the token.
     */
    @EventRevision("1")
    record IdeaDeleted(String userId, UUID ideaId, int position, String undoTokenHash, Instant undoExpiresAt,
                       Instant at) implements IdeaEvent {
    }

    /**
     * The idea was deleted again while in the trash (a retried DELETE whose first answer was lost): a new undo
     * token replaces the old one, whose hash was all that was kept, and the undo window stays as it was.
     */
    @EventRevision("1")
    record IdeaUndoTokenReissued(String userId, UUID ideaId, String undoTokenHash, Instant at) implements IdeaEvent {
    }

    /** A deleted idea came back at {@code position}; the ideas from there on move down. */
    @EventRevision("1")
    record IdeaRestored(String userId, UUID ideaId, int position, Instant at) implements IdeaEvent {
    }

    /** A deleted idea's undo window passed: the idea and its features are gone for good. */
    @EventRevision("1")
    record IdeaPurged(String userId, UUID ideaId, Instant at) implements IdeaEvent {
    }

    /** A feature was added to the idea at {@code position}, the end of its list. */
    @EventRevision("1")
    record FeatureAdded(String userId, UUID ideaId, UUID featureId, String title, String notes, String detail,
                        List<DetailSection> detailSections, boolean starred, Instant completedAt, int position,
                        Instant at) implements IdeaEvent {
    }

    @EventRevision("1")
    record FeatureEdited(String userId, UUID ideaId, UUID featureId, String title, String notes, String detail,
                         List<DetailSection> detailSections, Instant at) implements IdeaEvent {
    }

    @EventRevision("1")
    record FeatureStarred(String userId, UUID ideaId, UUID featureId, Instant at) implements IdeaEvent {
    }

    @EventRevision("1")
    record FeatureUnstarred(String userId, UUID ideaId, UUID featureId, Instant at) implements IdeaEvent {
    }

    /** The feature was marked done; {@code at} is its {@code completed_at}. */
    @EventRevision("1")
    record FeatureCompleted(String userId, UUID ideaId, UUID featureId, Instant at) implements IdeaEvent {
    }

    @EventRevision("1")
    record FeatureReopened(String userId, UUID ideaId, UUID featureId, Instant at) implements IdeaEvent {
    }

    @EventRevision("1")
    record FeatureMoved(String userId, UUID ideaId, UUID featureId, int fromPosition, int toPosition, Instant at)
            implements IdeaEvent {
    }

    /** The feature was removed from {@code position}; the features after it move up. */
    @EventRevision("1")
    record FeatureRemoved(String userId, UUID ideaId, UUID featureId, int position, Instant at) implements IdeaEvent {
    }

    /** A titled section of a feature's detail, as the seed's {@code DetailSection}. */
    record DetailSection(String id, String title, String content, Boolean collapsed) {
    }
}

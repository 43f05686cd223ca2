package dev.coda.command.ideas;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.coda.command.ideas.IdeaCommand.AddFeatures;
import dev.coda.command.ideas.IdeaCommand.CompleteFeature;
import dev.coda.command.ideas.IdeaCommand.CreateIdea;
import dev.coda.command.ideas.IdeaCommand.DeleteIdea;
import dev.coda.command.ideas.IdeaCommand.EditFeature;
import dev.coda.command.ideas.IdeaCommand.EditIdea;
import dev.coda.command.ideas.IdeaCommand.ImportIdea;
import dev.coda.command.ideas.IdeaCommand.LinkIdea;
import dev.coda.command.ideas.IdeaCommand.MoveFeature;
import dev.coda.command.ideas.IdeaCommand.MoveIdea;
import dev.coda.command.ideas.IdeaCommand.NewFeature;
import dev.coda.command.ideas.IdeaCommand.OnIdea;
import dev.coda.command.ideas.IdeaCommand.PurgeIdea;
import dev.coda.command.ideas.IdeaCommand.RemoveFeature;
import dev.coda.command.ideas.IdeaCommand.RestoreIdea;
import dev.coda.command.ideas.IdeaCommand.StarFeature;
import dev.coda.command.ideas.IdeaCommand.StarIdea;
import dev.coda.command.ideas.IdeaCommand.SuperStarIdea;
import dev.coda.command.ideas.IdeaOutcome.FeaturePlaced;
import dev.coda.command.ideas.IdeaOutcome.FeaturesPlaced;
import dev.coda.command.ideas.IdeaOutcome.IdeaChanged;
import dev.coda.command.ideas.IdeaOutcome.IdeaImported;
import dev.coda.command.ideas.IdeaOutcome.IdeaPlaced;
import dev.coda.command.ideas.IdeaOutcome.IdeaTrashed;
import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.users.UnknownUser;
import dev.coda.command.users.UserRegistry;
import dev.coda.contracts.ideas.IdeaEvent;
import dev.coda.contracts.ideas.IdeaEvent.FeatureAdded;
import dev.coda.contracts.ideas.IdeaEvent.FeatureCompleted;
import dev.coda.contracts.ideas.IdeaEvent.FeatureEdited;
import dev.coda.contracts.ideas.IdeaEvent.FeatureMoved;
import dev.coda.contracts.ideas.IdeaEvent.FeatureRemoved;
import dev.coda.contracts.ideas.IdeaEvent.FeatureReopened;
import dev.coda.contracts.ideas.IdeaEvent.FeatureStarred;
import dev.coda.contracts.ideas.IdeaEvent.FeatureUnstarred;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.contracts.ideas.IdeaEvent.IdeaDeleted;
import dev.coda.contracts.ideas.IdeaEvent.IdeaEdited;
import dev.coda.contracts.ideas.IdeaEvent.IdeaLinkCleared;
import dev.coda.contracts.ideas.IdeaEvent.IdeaLinkSet;
import dev.coda.contracts.ideas.IdeaEvent.IdeaMoved;
import dev.coda.contracts.ideas.IdeaEvent.IdeaPurged;
import dev.coda.contracts.ideas.IdeaEvent.IdeaRestored;
import dev.coda.contracts.ideas.IdeaEvent.IdeaStarred;
import dev.coda.contracts.ideas.IdeaEvent.IdeaSuperStarRemoved;
import dev.coda.contracts.ideas.IdeaEvent.IdeaSuperStarred;
import dev.coda.contracts.ideas.IdeaEvent.IdeaUndoTokenReissued;
import dev.coda.contracts.ideas.IdeaEvent.IdeaUnstarred;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.coda.contracts.EventRevision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * All ideas of one user, in order, with their features. The order of a user's ideas is a consistency
 * boundary (ARCHITECTURE.md decision 6, docs/adr/0003): every command that changes positions goes through
 * this one aggregate, so the event store's optimistic lock on its sequence numbers keeps the positions a
 * gap-free permutation even across service instances. Command handlers check and apply; event sourcing
 * handlers only set state. A handler refuses ({@code CommandRefused}) before it applies anything: a refused
 * command leaves the cached board as it is ({@code AggregateCache}).
 */
@Aggregate(cache = "ideaBoardCache", snapshotTriggerDefinition = "ideaBoardSnapshots")
@EventRevision(IdeaBoard.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class IdeaBoard {

    /**
     * The shape of a board's snapshot (its fields, and {@link Idea}'s, and how the event sourcing handlers derive
     * them): a snapshot of another revision is not used, so a change of either must come with a new revision
     * (IdeaBoardSnapshotTest says when the fields change).
     */
    static final String SNAPSHOT_REVISION = "5";

    /**
     * About what a board holds in memory: per idea (a heap histogram of cached boards of 26,000 ideas without
     * idempotency keys gave 310 bytes), per feature, per idempotency key (a key of up to 200 characters, held twice
     * once a snapshot is read back, with its map entry and result), and of its own (the aggregate, its collections,
     * Axon's cache entry).
     */
    private static final long BYTES_PER_IDEA = 320;
    private static final long BYTES_PER_FEATURE = 128;
    private static final long BYTES_PER_IDEMPOTENCY_KEY = 600;
    private static final long BYTES_PER_BOARD = 1_024;

    private static final String ID_SUFFIX = ":ideas";

    @AggregateIdentifier
    private String boardId;
    private final List<UUID> order = new ArrayList<>();
    private final Map<UUID, Idea> ideas = new HashMap<>();
    private final Map<String, IdeaPlaced> createdByIdempotencyKey = new HashMap<>();
    private int featureCount;

    protected IdeaBoard() {
    }

    /** The board of a user; distinct from the user's own aggregate id, which the event store keeps unique. */
    public static String idOf(String userId) {
        return userId + ID_SUFFIX;
    }

    // ---- ideas -------------------------------------------------------------------------------------

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    IdeaPlaced handle(CreateIdea command, UserRegistry users, IdeasProperties limits) {
        requireRegistered(command.userId(), users);
        String request = command.idempotencyKey() == null ? null : RequestHashes.hashOf(command);
        IdeaPlaced earlier = earlierUnder(command.idempotencyKey(), request);
        if (earlier != null) {
            return earlier;
        }
        requireRoom(limits, 1, 0);
        Instant at = now();
        int position = order.size();
        apply(new IdeaCreated(command.userId(), command.ideaId(), command.title(), command.notes(),
                command.githubUrl(), command.linkLabel(), position, command.idempotencyKey(), request, at));
        return new IdeaPlaced(command.ideaId(), position, at);
    }

    /**
     * What an earlier request under {@code key} created, to answer its retry; null when none did.
     *
     * @throws CommandRefused when that request asked for something else (a key recorded before requests were
     *                        hashed answers any)
     */
    private IdeaPlaced earlierUnder(String key, String request) {
        IdeaPlaced earlier = key == null ? null : createdByIdempotencyKey.get(key);
        String asked = earlier == null ? null : ideas.get(earlier.ideaId()).requestHash;
        if (asked != null && !asked.equals(request)) {
            throw new CommandRefused(Reason.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used for another request; use a new key for a new request.");
        }
        return earlier;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    IdeaImported handle(ImportIdea command, UserRegistry users, IdeasProperties limits) {
        requireRegistered(command.userId(), users);
        String request = command.idempotencyKey() == null ? null : RequestHashes.hashOf(command);
        IdeaPlaced earlier = earlierUnder(command.idempotencyKey(), request);
        if (earlier != null) {
            // the idea the key created, with the features it has: on a retry right after, those imported
            return new IdeaImported(earlier.ideaId(), earlier.position(),
                    List.copyOf(ideas.get(earlier.ideaId()).featureOrder), earlier.version()); // a key goes with its idea
        }
        requireRoom(limits, 1, command.features().size());
        requireFeatureRoom(0, command.features().size(), limits);
        requireTextRoom(0, 0, textOf(command.features()), limits);
        Instant at = now();
        String user = command.userId();
        UUID ideaId = command.ideaId();
        int position = order.size();
        apply(new IdeaCreated(user, ideaId, command.title(), command.notes(), command.githubUrl(),
                command.linkLabel(), position, command.idempotencyKey(), request, at));
        if (command.starred()) {
            apply(new IdeaStarred(user, ideaId, at));
        }
        if (command.superStarred()) {
            apply(new IdeaSuperStarred(user, ideaId, at));
        }
        List<FeaturePlaced> features = addFeatures(user, ideas.get(ideaId), command.features(), at);
        return new IdeaImported(ideaId, position, features.stream().map(FeaturePlaced::featureId).toList(), at);
    }

    @CommandHandler
    IdeaChanged handle(EditIdea command) {
        activeIdea(command);
        return changed(new IdeaEdited(command.userId(), command.ideaId(), command.title(), command.notes(), now()));
    }

    @CommandHandler
    IdeaChanged handle(StarIdea command) {
        Idea idea = activeIdea(command);
        if (idea.starred == command.starred()) {
            return new IdeaChanged(idea.version);
        }
        return changed(command.starred()
                ? new IdeaStarred(command.userId(), idea.id, now())
                : new IdeaUnstarred(command.userId(), idea.id, now()));
    }

    @CommandHandler
    IdeaChanged handle(SuperStarIdea command) {
        Idea idea = activeIdea(command);
        if (idea.superStarred == command.superStarred()) {
            return new IdeaChanged(idea.version);
        }
        return changed(command.superStarred()
                ? new IdeaSuperStarred(command.userId(), idea.id, now())
                : new IdeaSuperStarRemoved(command.userId(), idea.id, now()));
    }

    @CommandHandler
    IdeaChanged handle(LinkIdea command) {
        Idea idea = activeIdea(command);
        if (command.githubUrl() != null) {
            return changed(new IdeaLinkSet(command.userId(), idea.id, command.githubUrl(), command.linkLabel(), now()));
        }
        return idea.linked ? changed(new IdeaLinkCleared(command.userId(), idea.id, now())) : new IdeaChanged(idea.version);
    }

    @CommandHandler
    IdeaChanged handle(MoveIdea command, PositionShifts shifts) {
        Idea idea = activeIdea(command);
        int from = order.indexOf(idea.id);
        int to = Math.min(command.position(), order.size() - 1);
        if (from == to) {
            return new IdeaChanged(idea.version);
        }
        shifts.take(command.userId(), Math.abs(to - from) + 1);
        return changed(new IdeaMoved(command.userId(), idea.id, from, to, now()));
    }

    /**
     * Moves the idea to the trash. An idea already there gets a new undo token instead, so that a client whose
     * first answer was lost can still restore it; the undo window does not move. Its If-Match is not checked
     * then: a retry carries the version from before the deletion, which the client cannot read again.
     */
    @CommandHandler
    IdeaTrashed handle(DeleteIdea command, PurgeSchedule purges, PositionShifts shifts) {
        Idea trashed = ideas.get(command.ideaId());
        if (trashed != null && trashed.deleted) {
            return reissueUndoToken(trashed, command);
        }
        Idea idea = activeIdea(command);
        int position = order.indexOf(idea.id);
        shifts.take(command.userId(), order.size() - position); // it leaves, and those after it move up
        Instant at = now();
        Instant undoExpiresAt = at.plus(command.undoWindow());
        apply(new IdeaDeleted(command.userId(), idea.id, position, command.undoTokenHash(), undoExpiresAt, at));
        purges.schedule(command.userId(), idea.id, undoExpiresAt);
        return new IdeaTrashed(undoExpiresAt, at);
    }

    private IdeaTrashed reissueUndoToken(Idea idea, DeleteIdea command) {
        Instant at = now();
        requireUndoWindowOpen(idea, at);
        apply(new IdeaUndoTokenReissued(command.userId(), idea.id, command.undoTokenHash(), at));
        return new IdeaTrashed(idea.undoExpiresAt, at);
    }

    @CommandHandler
    IdeaPlaced handle(RestoreIdea command, PurgeSchedule purges, PositionShifts shifts) {
        Idea idea = trashedIdea(command);
        Instant at = now();
        requireUndoWindowOpen(idea, at);
        if (!MessageDigest.isEqual(bytes(idea.undoTokenHash), bytes(command.undoTokenHash()))) {
            throw new CommandRefused(Reason.WRONG_UNDO_TOKEN, "This is not the idea's undo token.");
        }
        int position = Math.min(idea.deletedFrom, order.size());
        shifts.take(command.userId(), order.size() - position + 1); // it comes back, and those after it move down
        apply(new IdeaRestored(command.userId(), idea.id, position, at));
        purges.cancel(idea.id);
        return new IdeaPlaced(idea.id, position, at);
    }

    @CommandHandler
    IdeaChanged handle(PurgeIdea command, PurgeSchedule purges) {
        Idea idea = trashedIdea(command);
        Instant at = now();
        if (at.isBefore(idea.undoExpiresAt)) {
            throw new CommandRefused(Reason.UNDO_WINDOW_OPEN, "The idea can still be restored.");
        }
        apply(new IdeaPurged(command.userId(), idea.id, at));
        purges.cancel(idea.id);
        return new IdeaChanged(at);
    }

    // ---- features ----------------------------------------------------------------------------------

    @CommandHandler
    FeaturesPlaced handle(AddFeatures command, IdeasProperties limits) {
        Idea idea = activeIdea(command);
        requireRoom(limits, 0, command.features().size());
        requireFeatureRoom(idea.featureOrder.size(), command.features().size(), limits);
        requireTextRoom(idea.featureText, 0, textOf(command.features()), limits);
        Instant at = now();
        return new FeaturesPlaced(addFeatures(command.userId(), idea, command.features(), at), at);
    }

    @CommandHandler
    IdeaChanged handle(EditFeature command, IdeasProperties limits) {
        Idea idea = activeIdea(command);
        requireTextRoom(idea.featureText, idea.feature(command.featureId()).text,
                Idea.textOf(command.title(), command.notes(), command.detail(), command.detailSections()), limits);
        return changed(new FeatureEdited(command.userId(), idea.id, command.featureId(), command.title(),
                command.notes(), command.detail(), command.detailSections(), now()));
    }

    @CommandHandler
    IdeaChanged handle(StarFeature command) {
        Idea idea = activeIdea(command);
        if (idea.feature(command.featureId()).starred == command.starred()) {
            return new IdeaChanged(idea.version);
        }
        return changed(command.starred()
                ? new FeatureStarred(command.userId(), idea.id, command.featureId(), now())
                : new FeatureUnstarred(command.userId(), idea.id, command.featureId(), now()));
    }

    @CommandHandler
    IdeaChanged handle(CompleteFeature command) {
        Idea idea = activeIdea(command);
        if (idea.feature(command.featureId()).completed == command.completed()) {
            return new IdeaChanged(idea.version);
        }
        return changed(command.completed()
                ? new FeatureCompleted(command.userId(), idea.id, command.featureId(), now())
                : new FeatureReopened(command.userId(), idea.id, command.featureId(), now()));
    }

    @CommandHandler
    IdeaChanged handle(MoveFeature command, PositionShifts shifts) {
        Idea idea = activeIdea(command);
        idea.feature(command.featureId());
        int from = idea.featureOrder.indexOf(command.featureId());
        int to = Math.min(command.position(), idea.featureOrder.size() - 1);
        if (from == to) {
            return new IdeaChanged(idea.version);
        }
        shifts.take(command.userId(), Math.abs(to - from) + 1);
        return changed(new FeatureMoved(command.userId(), idea.id, command.featureId(), from, to, now()));
    }

    @CommandHandler
    IdeaChanged handle(RemoveFeature command, PositionShifts shifts) {
        Idea idea = activeIdea(command);
        idea.feature(command.featureId());
        int position = idea.featureOrder.indexOf(command.featureId());
        shifts.take(command.userId(), idea.featureOrder.size() - position);
        return changed(new FeatureRemoved(command.userId(), idea.id, command.featureId(), position, now()));
    }

    /** About what this board holds in memory, at most {@link Integer#MAX_VALUE} (a cache weight is an int). */
    public int bytesInMemory() {
        return (int) Math.min(Integer.MAX_VALUE, bytesInMemory(ideas.size(), featureCount, createdByIdempotencyKey.size()));
    }

    /** About what a board of so many ideas, features over all of them and idempotency keys holds in memory. */
    static long bytesInMemory(long ideas, long features, long idempotencyKeys) {
        return BYTES_PER_BOARD + ideas * BYTES_PER_IDEA + features * BYTES_PER_FEATURE
                + idempotencyKeys * BYTES_PER_IDEMPOTENCY_KEY;
    }

    boolean hasActiveIdea(UUID ideaId) {
        Idea idea = ideas.get(ideaId);
        return idea != null && !idea.deleted;
    }

    // ---- rules shared by the handlers --------------------------------------------------------------

    private void requireRegistered(String userId, UserRegistry users) {
        if (boardId == null && !users.contains(userId)) {
            throw new UnknownUser();
        }
    }

    /**
     * Refuses a command that would add ideas or features beyond what a user may keep; a board already beyond a
     * limit (lowered since) still takes what the other one allows.
     */
    private void requireRoom(IdeasProperties limits, int newIdeas, int newFeatures) {
        if (newIdeas > 0 && ideas.size() + newIdeas > limits.maxIdeasPerUser()) {
            throw new CommandRefused(Reason.TOO_MANY_IDEAS, "A user keeps at most " + limits.maxIdeasPerUser()
                    + " ideas, those in the trash included until they are purged.");
        }
        if (newFeatures > 0 && featureCount + newFeatures > limits.maxFeaturesPerUser()) {
            throw new CommandRefused(Reason.TOO_MANY_FEATURES, "A user keeps at most " + limits.maxFeaturesPerUser()
                    + " features over all their ideas, those of ideas in the trash included until they are purged.");
        }
    }

    /** Refuses features that would take an idea from {@code features} beyond what one idea may hold. */
    private static void requireFeatureRoom(int features, int newFeatures, IdeasProperties limits) {
        if (newFeatures > 0 && features + newFeatures > limits.maxFeaturesPerIdea()) {
            throw new CommandRefused(Reason.IDEA_TOO_LARGE, "An idea holds at most " + limits.maxFeaturesPerIdea()
                    + " features; this change would bring it to " + (features + newFeatures) + ".");
        }
    }

    /**
     * Refuses a change that would take an idea's features from {@code text} characters of text, {@code removed} of
     * them replaced by {@code added}, beyond what an idea may hold; an idea beyond a limit lowered since still takes
     * changes that do not grow it.
     */
    private static void requireTextRoom(long text, long removed, long added, IdeasProperties limits) {
        long after = text - removed + added;
        if (added > removed && after > limits.maxFeatureTextPerIdea()) {
            throw new CommandRefused(Reason.IDEA_TOO_LARGE, "An idea's features hold at most "
                    + limits.maxFeatureTextPerIdea() + " characters of text (titles, notes, details and sections)"
                    + " together; this change would bring them to " + after + ".");
        }
    }

    private static long textOf(List<NewFeature> features) {
        return features.stream()
                .mapToLong(feature -> Idea.textOf(feature.title(), feature.notes(), feature.detail(), feature.detailSections()))
                .sum();
    }

    /** An idea that is on the list (not in the trash) and at the version the client expects. */
    private Idea activeIdea(OnIdea command) {
        Idea idea = ideas.get(command.ideaId());
        if (idea == null || idea.deleted) {
            throw new CommandRefused(Reason.NOT_FOUND, "No such idea.");
        }
        idea.requireVersion(command.expectedVersion());
        return idea;
    }

    private static void requireUndoWindowOpen(Idea idea, Instant at) {
        if (!at.isBefore(idea.undoExpiresAt)) {
            throw new CommandRefused(Reason.UNDO_WINDOW_PASSED, "The undo window of this idea has passed.");
        }
    }

    private Idea trashedIdea(OnIdea command) {
        Idea idea = ideas.get(command.ideaId());
        if (idea == null) {
            throw new CommandRefused(Reason.NOT_FOUND, "No such idea.");
        }
        if (!idea.deleted) {
            throw new CommandRefused(Reason.NOT_IN_TRASH, "The idea is not in the trash.");
        }
        idea.requireVersion(command.expectedVersion());
        return idea;
    }

    private List<FeaturePlaced> addFeatures(String userId, Idea idea, List<NewFeature> features, Instant at) {
        List<FeaturePlaced> placed = new ArrayList<>();
        for (NewFeature feature : features) {
            int position = idea.featureOrder.size();
            apply(new FeatureAdded(userId, idea.id, feature.featureId(), feature.title(), feature.notes(),
                    feature.detail(), feature.detailSections(), feature.starred(), feature.completedAt(), position, at));
            placed.add(new FeaturePlaced(feature.featureId(), position));
        }
        return placed;
    }

    private static IdeaChanged changed(IdeaEvent event) {
        apply(event);
        return new IdeaChanged(event.at());
    }

    /** Event time at the read tables' precision, so a version read back from them compares equal. */
    private static Instant now() {
        return GenericEventMessage.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static byte[] bytes(String value) {
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }

    // ---- state -------------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(IdeaCreated event) {
        boardId = idOf(event.userId());
        order.add(event.ideaId());
        Idea idea = new Idea(event.ideaId(), event.at());
        idea.linked = event.githubUrl() != null;
        idea.idempotencyKey = event.idempotencyKey();
        idea.requestHash = event.requestHash();
        ideas.put(idea.id, idea);
        if (event.idempotencyKey() != null) {
            createdByIdempotencyKey.put(event.idempotencyKey(), new IdeaPlaced(event.ideaId(), event.position(), event.at()));
        }
    }

    @EventSourcingHandler
    void on(IdeaEdited event) {
        touch(event);
    }

    @EventSourcingHandler
    void on(IdeaStarred event) {
        touch(event).starred = true;
    }

    @EventSourcingHandler
    void on(IdeaUnstarred event) {
        touch(event).starred = false;
    }

    @EventSourcingHandler
    void on(IdeaSuperStarred event) {
        touch(event).superStarred = true;
    }

    @EventSourcingHandler
    void on(IdeaSuperStarRemoved event) {
        touch(event).superStarred = false;
    }

    @EventSourcingHandler
    void on(IdeaLinkSet event) {
        touch(event).linked = true;
    }

    @EventSourcingHandler
    void on(IdeaLinkCleared event) {
        touch(event).linked = false;
    }

    @EventSourcingHandler
    void on(IdeaMoved event) {
        touch(event);
        order.remove(event.ideaId());
        order.add(event.toPosition(), event.ideaId());
    }

    @EventSourcingHandler
    void on(IdeaDeleted event) {
        Idea idea = touch(event);
        order.remove(event.ideaId());
        idea.deleted = true;
        idea.deletedFrom = event.position();
        idea.undoTokenHash = event.undoTokenHash();
        idea.undoExpiresAt = event.undoExpiresAt();
    }

    @EventSourcingHandler
    void on(IdeaUndoTokenReissued event) {
        touch(event).undoTokenHash = event.undoTokenHash();
    }

    @EventSourcingHandler
    void on(IdeaRestored event) {
        Idea idea = touch(event);
        idea.deleted = false;
        idea.undoTokenHash = null;
        idea.undoExpiresAt = null;
        order.add(event.position(), event.ideaId());
    }

    @EventSourcingHandler
    void on(IdeaPurged event) {
        Idea idea = ideas.remove(event.ideaId());
        featureCount -= idea.featureOrder.size();
        IdeaPlaced created = createdByIdempotencyKey.get(idea.idempotencyKey);
        if (created != null && created.ideaId().equals(idea.id)) {
            createdByIdempotencyKey.remove(idea.idempotencyKey); // a key is kept as long as its idea
        }
    }

    @EventSourcingHandler
    void on(FeatureAdded event) {
        Idea idea = touch(event);
        Idea.Feature feature = new Idea.Feature();
        feature.starred = event.starred();
        feature.completed = event.completedAt() != null;
        feature.text = Idea.textOf(event.title(), event.notes(), event.detail(), event.detailSections());
        idea.featureText += feature.text;
        idea.features.put(event.featureId(), feature);
        idea.featureOrder.add(event.featureId());
        featureCount++;
    }

    @EventSourcingHandler
    void on(FeatureEdited event) {
        Idea idea = touch(event);
        Idea.Feature feature = idea.features.get(event.featureId());
        int text = Idea.textOf(event.title(), event.notes(), event.detail(), event.detailSections());
        idea.featureText += text - feature.text;
        feature.text = text;
    }

    @EventSourcingHandler
    void on(FeatureStarred event) {
        touch(event).features.get(event.featureId()).starred = true;
    }

    @EventSourcingHandler
    void on(FeatureUnstarred event) {
        touch(event).features.get(event.featureId()).starred = false;
    }

    @EventSourcingHandler
    void on(FeatureCompleted event) {
        touch(event).features.get(event.featureId()).completed = true;
    }

    @EventSourcingHandler
    void on(FeatureReopened event) {
        touch(event).features.get(event.featureId()).completed = false;
    }

    @EventSourcingHandler
    void on(FeatureMoved event) {
        Idea idea = touch(event);
        idea.featureOrder.remove(event.featureId());
        idea.featureOrder.add(event.toPosition(), event.featureId());
    }

    @EventSourcingHandler
    void on(FeatureRemoved event) {
        Idea idea = touch(event);
        idea.featureOrder.remove(event.featureId());
        idea.featureText -= idea.features.remove(event.featureId()).text;
        featureCount--;
    }

    private Idea touch(IdeaEvent event) {
        Idea idea = ideas.get(event.ideaId());
        idea.version = event.at();
        return idea;
    }
}

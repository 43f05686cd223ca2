package dev.coda.command.ideas;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.contracts.ideas.IdeaEvent.DetailSection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the {@link IdeaBoard} needs to know of one idea to decide on commands: its flags, its trash state
 * and the order of its features. {@code version} is the instant of the last event about the idea or its
 * features, the same value the read side shows as the idea's {@code updated_at} and ETag.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
final class Idea {

    /** What the board needs to know of one feature; {@code text}: the characters of its text ({@link #textOf}). */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY)
    static final class Feature {
        boolean starred;
        boolean completed;
        int text;

        @Override
        public boolean equals(Object other) {
            return other instanceof Feature feature && starred == feature.starred && completed == feature.completed
                    && text == feature.text;
        }

        @Override
        public int hashCode() {
            return Objects.hash(starred, completed, text);
        }
    }

    /** The characters of a feature's text: its title, notes, detail, and its sections' ids, titles and content. */
    static int textOf(String title, String notes, String detail, List<DetailSection> sections) {
        int text = length(title) + length(notes) + length(detail);
        for (DetailSection section : sections == null ? List.<DetailSection>of() : sections) {
            text += length(section.id()) + length(section.title()) + length(section.content());
        }
        return text;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    final UUID id;
    Instant version;
    boolean starred;
    boolean superStarred;
    boolean linked;
    boolean deleted;
    int deletedFrom;
    String undoTokenHash;
    Instant undoExpiresAt;
    /** The Idempotency-Key it was created with, if any: the board answers a retry under it while the idea exists. */
    String idempotencyKey;
    /** What the request under that key asked for ({@link RequestHashes}); null when unknown (revision 1 events). */
    String requestHash;
    final List<UUID> featureOrder = new ArrayList<>();
    final Map<UUID, Feature> features = new HashMap<>();
    /** The characters of its features' text, all of them together. */
    long featureText;

    @JsonCreator
    Idea(@JsonProperty("id") UUID id, @JsonProperty("version") Instant version) {
        this.id = id;
        this.version = version;
    }

    void requireVersion(Instant expected) {
        if (expected != null && !expected.equals(version)) {
            throw new CommandRefused(Reason.VERSION_MISMATCH, "The idea changed since the version in If-Match; reload it.");
        }
    }

    /** Value equality, so that Axon's test fixture can compare state built by commands and by replay. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Idea idea && id.equals(idea.id) && Objects.equals(version, idea.version)
                && starred == idea.starred && superStarred == idea.superStarred && linked == idea.linked
                && deleted == idea.deleted && deletedFrom == idea.deletedFrom
                && Objects.equals(undoTokenHash, idea.undoTokenHash) && Objects.equals(undoExpiresAt, idea.undoExpiresAt)
                && Objects.equals(idempotencyKey, idea.idempotencyKey)
                && featureOrder.equals(idea.featureOrder) && features.equals(idea.features) && featureText == idea.featureText;
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    Feature feature(UUID featureId) {
        Feature feature = features.get(featureId);
        if (feature == null) {
            throw new CommandRefused(Reason.NOT_FOUND, "No such feature.");
        }
        return feature;
    }
}

package dev.coda.command.ideas;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a command on ideas reports back; {@code version} is the idea's version after the command. */
public sealed interface IdeaOutcome {

    Instant version();

    record IdeaChanged(Instant version) implements IdeaOutcome {
    }

    record IdeaPlaced(UUID ideaId, int position, Instant version) implements IdeaOutcome {
    }

    record IdeaImported(UUID ideaId, int position, List<UUID> featureIds, Instant version) implements IdeaOutcome {
    }

    record IdeaTrashed(Instant undoExpiresAt, Instant version) implements IdeaOutcome {
    }

    record FeaturesPlaced(List<FeaturePlaced> features, Instant version) implements IdeaOutcome {
    }

    record FeaturePlaced(UUID featureId, int position) {
    }
}

package dev.coda.command.ideas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.SnapshotShape;
import dev.coda.contracts.ideas.IdeaEvent.FeatureAdded;
import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.contracts.ideas.IdeaEvent.IdeaDeleted;
import dev.coda.contracts.ideas.IdeaEvent.IdeaStarred;
import dev.coda.contracts.ideas.IdeaEvent.IdeaSuperStarred;
import dev.coda.command.ideas.IdeaOutcome.IdeaPlaced;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A board's snapshot: read back as the board it was taken of, in the shape of its revision. */
class IdeaBoardSnapshotTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:15:30.123456Z");

    @Test
    void aSnapshotReadBackIsTheBoardItWasTakenOf() {
        IdeaBoard board = boardWithEveryKindOfState();

        IdeaBoard readBack = SnapshotShape.writtenAndReadBack(board);

        assertThat(readBack).usingRecursiveComparison().isEqualTo(board);
        assertThat(readBack).usingRecursiveComparison().isNotEqualTo(new IdeaBoard());
    }

    /**
     * A snapshot of another revision is not used (CurrentSnapshotShapes), so one written before a change of the
     * board's fields must not be read after it. When this fails: set a new {@code IdeaBoard.SNAPSHOT_REVISION},
     * then update the list.
     */
    @Test
    void theSnapshotsShapeIsTheOneOfItsRevision() {
        assertThat(IdeaBoard.SNAPSHOT_REVISION).isEqualTo("5");
        assertThat(SnapshotShape.fieldsOf(IdeaBoard.class, Idea.class, Idea.Feature.class, IdeaPlaced.class)).containsExactly(
                "IdeaBoard.boardId String",
                "IdeaBoard.order List<UUID>",
                "IdeaBoard.ideas Map<UUID, Idea>",
                "IdeaBoard.createdByIdempotencyKey Map<String, IdeaPlaced>",
                "IdeaBoard.featureCount int",
                "Idea.id UUID",
                "Idea.version Instant",
                "Idea.starred boolean",
                "Idea.superStarred boolean",
                "Idea.linked boolean",
                "Idea.deleted boolean",
                "Idea.deletedFrom int",
                "Idea.undoTokenHash String",
                "Idea.undoExpiresAt Instant",
                "Idea.idempotencyKey String",
                "Idea.requestHash String",
                "Idea.featureOrder List<UUID>",
                "Idea.features Map<UUID, Feature>",
                "Idea.featureText long",
                "Feature.starred boolean",
                "Feature.completed boolean",
                "Feature.text int",
                "IdeaPlaced.ideaId UUID",
                "IdeaPlaced.position int",
                "IdeaPlaced.version Instant");
    }

    /** Ideas starred, super-starred, linked, with features, one in the trash; a key-created idea. */
    private static IdeaBoard boardWithEveryKindOfState() {
        String user = "u1";
        UUID kept = UUID.randomUUID();
        UUID trashed = UUID.randomUUID();
        IdeaBoard board = new IdeaBoard();
        board.on(new IdeaCreated(user, kept, "Kept", "notes", "https://github.com/coda/coda", "repo", 0, "key-1", AT));
        board.on(new IdeaCreated(user, trashed, "Trashed", null, null, null, 1, null, AT.plusMillis(1)));
        board.on(new IdeaStarred(user, kept, AT.plusMillis(2)));
        board.on(new IdeaSuperStarred(user, kept, AT.plusMillis(3)));
        for (int position = 0; position < 3; position++) {
            board.on(new FeatureAdded(user, kept, UUID.randomUUID(), "feature " + position, null, null, List.of(),
                    position == 1, position == 2 ? AT : null, position, AT.plusMillis(4 + position)));
        }
        board.on(new IdeaDeleted(user, trashed, 1, "hash-of-the-undo-token", AT.plus(7, ChronoUnit.DAYS), AT.plusMillis(9)));
        return board;
    }
}

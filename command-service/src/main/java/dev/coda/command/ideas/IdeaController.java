package dev.coda.command.ideas;

import static dev.coda.command.ideas.IdeaRequests.emptyToNull;
import static dev.coda.command.ideas.IdeaRequests.labelOf;

import dev.coda.command.ideas.IdeaCommand.CreateIdea;
import dev.coda.command.ideas.IdeaCommand.DeleteIdea;
import dev.coda.command.ideas.IdeaCommand.EditIdea;
import dev.coda.command.ideas.IdeaCommand.ImportIdea;
import dev.coda.command.ideas.IdeaCommand.LinkIdea;
import dev.coda.command.ideas.IdeaCommand.MoveIdea;
import dev.coda.command.ideas.IdeaCommand.NewFeature;
import dev.coda.command.ideas.IdeaCommand.RestoreIdea;
import dev.coda.command.ideas.IdeaCommand.StarIdea;
import dev.coda.command.ideas.IdeaCommand.SuperStarIdea;
import dev.coda.command.ideas.IdeaOutcome.IdeaImported;
import dev.coda.command.ideas.IdeaOutcome.IdeaPlaced;
import dev.coda.command.ideas.IdeaOutcome.IdeaTrashed;
import dev.coda.command.ideas.IdeaRequests.CreateIdeaRequest;
import dev.coda.command.ideas.IdeaRequests.EditIdeaRequest;
import dev.coda.command.ideas.IdeaRequests.ImportRequest;
import dev.coda.command.ideas.IdeaRequests.ImportedFeature;
import dev.coda.command.ideas.IdeaRequests.LinkRequest;
import dev.coda.command.ideas.IdeaRequests.PositionRequest;
import dev.coda.command.ideas.IdeaRequests.RestoreRequest;
import dev.coda.command.ideas.BoardCommands.Changed;
import dev.coda.platform.http.EntityTags;
import dev.coda.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Commands on the caller's ideas. Each maps one request to one command on the caller's board; another
 * user's idea is simply not on it (404). {@code If-Match} (an ETag from the query side) guards against
 * lost updates: 412 when the idea changed meanwhile.
 */
@RestController
@RequestMapping("/api/ideas")
class IdeaController {

    private static final String IF_MATCH = "If-Match";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final BoardCommands board;
    private final IdeasProperties properties;

    IdeaController(BoardCommands board, IdeasProperties properties) {
        this.board = board;
        this.properties = properties;
    }

    record Placed(UUID id, int position, String version, long consistencyToken) {
    }

    record Imported(UUID id, int position, List<UUID> featureIds, String version, long consistencyToken) {
    }

    /** The undo token is shown once, here; only its hash is stored. */
    record Trashed(String undoToken, Instant undoExpiresAt, long consistencyToken) {
    }

    @PostMapping
    @Operation(summary = "Create an idea at the end of the caller's list (Idempotency-Key makes retries safe)")
    ResponseEntity<Placed> create(@CurrentUser String userId,
                                  @RequestHeader(value = IDEMPOTENCY_KEY, required = false) @Size(max = 200) String key,
                                  @Valid @RequestBody CreateIdeaRequest request) {
        return board.send(HttpStatus.CREATED, new CreateIdea(userId, UUID.randomUUID(), request.title(),
                request.notes(), emptyToNull(request.githubUrl()), labelOf(request.githubUrl(), request.linkLabel()), emptyToNull(key)),
                IdeaController::placed);
    }

    @PostMapping("/import")
    @Operation(summary = "Create an idea with its features from the seed's import/export document")
    ResponseEntity<Imported> importIdea(@CurrentUser String userId,
                                        @RequestHeader(value = IDEMPOTENCY_KEY, required = false) @Size(max = 200) String key,
                                        @Valid @RequestBody ImportRequest request) {
        List<NewFeature> features = request.features().stream().map(ImportedFeature::toNewFeature).toList();
        var idea = request.idea();
        ImportIdea command = new ImportIdea(userId, UUID.randomUUID(), idea.title(), idea.notes(),
                Boolean.TRUE.equals(idea.starred()), Boolean.TRUE.equals(idea.superStarred()),
                emptyToNull(idea.githubUrl()), labelOf(idea.githubUrl(), idea.linkLabel()), features, emptyToNull(key));
        return board.send(HttpStatus.CREATED, command, (IdeaImported imported, Long token) -> new Imported(
                imported.ideaId(), imported.position(), imported.featureIds(), BoardCommands.version(imported.version()), token));
    }

    @PutMapping("/{ideaId}")
    @Operation(summary = "Edit an idea's title and notes")
    ResponseEntity<Changed> edit(@CurrentUser String userId, @PathVariable UUID ideaId,
                                 @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                 @Valid @RequestBody EditIdeaRequest request) {
        return board.change(new EditIdea(userId, ideaId, request.title(), request.notes(), EntityTags.parseIfMatch(ifMatch)));
    }

    @PutMapping("/{ideaId}/star")
    @Operation(summary = "Star an idea")
    ResponseEntity<Changed> star(@CurrentUser String userId, @PathVariable UUID ideaId,
                                 @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return board.change(new StarIdea(userId, ideaId, true, EntityTags.parseIfMatch(ifMatch)));
    }

    @DeleteMapping("/{ideaId}/star")
    @Operation(summary = "Unstar an idea")
    ResponseEntity<Changed> unstar(@CurrentUser String userId, @PathVariable UUID ideaId,
                                   @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return board.change(new StarIdea(userId, ideaId, false, EntityTags.parseIfMatch(ifMatch)));
    }

    @PutMapping("/{ideaId}/super-star")
    @Operation(summary = "Super-star an idea (the highest priority)")
    ResponseEntity<Changed> superStar(@CurrentUser String userId, @PathVariable UUID ideaId,
                                      @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return board.change(new SuperStarIdea(userId, ideaId, true, EntityTags.parseIfMatch(ifMatch)));
    }

    @DeleteMapping("/{ideaId}/super-star")
    @Operation(summary = "Remove an idea's super-star")
    ResponseEntity<Changed> removeSuperStar(@CurrentUser String userId, @PathVariable UUID ideaId,
                                            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return board.change(new SuperStarIdea(userId, ideaId, false, EntityTags.parseIfMatch(ifMatch)));
    }

    @PutMapping("/{ideaId}/link")
    @Operation(summary = "Set the idea's GitHub link and its label (an empty githubUrl clears it)")
    ResponseEntity<Changed> link(@CurrentUser String userId, @PathVariable UUID ideaId,
                                 @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                 @Valid @RequestBody LinkRequest request) {
        return board.change(new LinkIdea(userId, ideaId, emptyToNull(request.githubUrl()),
                labelOf(request.githubUrl(), request.linkLabel()), EntityTags.parseIfMatch(ifMatch)));
    }

    @DeleteMapping("/{ideaId}/link")
    @Operation(summary = "Clear the idea's GitHub link")
    ResponseEntity<Changed> unlink(@CurrentUser String userId, @PathVariable UUID ideaId,
                                   @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return board.change(new LinkIdea(userId, ideaId, null, null, EntityTags.parseIfMatch(ifMatch)));
    }

    @PutMapping("/{ideaId}/position")
    @Operation(summary = "Move an idea to a position (past the end moves it to the end)")
    ResponseEntity<Changed> move(@CurrentUser String userId, @PathVariable UUID ideaId,
                                 @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                 @Valid @RequestBody PositionRequest request) {
        return board.change(new MoveIdea(userId, ideaId, request.position(), EntityTags.parseIfMatch(ifMatch)));
    }

    @DeleteMapping("/{ideaId}")
    @Operation(summary = "Move an idea to the trash; the returned undo token restores it within the undo window")
    ResponseEntity<Trashed> delete(@CurrentUser String userId, @PathVariable UUID ideaId,
                                   @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        UndoToken undo = UndoToken.generate();
        return board.send(HttpStatus.OK, new DeleteIdea(userId, ideaId, undo.hash(), properties.undoWindow(),
                        EntityTags.parseIfMatch(ifMatch)),
                (IdeaTrashed trashed, Long token) -> new Trashed(undo.value(), trashed.undoExpiresAt(), token));
    }

    @PostMapping("/{ideaId}/restore")
    @Operation(summary = "Restore an idea from the trash with its undo token, before the window passes")
    ResponseEntity<Placed> restore(@CurrentUser String userId, @PathVariable UUID ideaId,
                                   @Valid @RequestBody RestoreRequest request) {
        return board.send(HttpStatus.OK, new RestoreIdea(userId, ideaId, new UndoToken(request.undoToken()).hash(), null),
                IdeaController::placed);
    }

    private static Placed placed(IdeaPlaced placed, long token) {
        return new Placed(placed.ideaId(), placed.position(), BoardCommands.version(placed.version()), token);
    }
}

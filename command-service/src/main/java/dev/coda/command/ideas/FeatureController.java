package dev.coda.command.ideas;

import dev.coda.command.ideas.IdeaCommand.AddFeatures;
import dev.coda.command.ideas.IdeaCommand.CompleteFeature;
import dev.coda.command.ideas.IdeaCommand.EditFeature;
import dev.coda.command.ideas.IdeaCommand.MoveFeature;
import dev.coda.command.ideas.IdeaCommand.RemoveFeature;
import dev.coda.command.ideas.IdeaCommand.StarFeature;
import dev.coda.command.ideas.IdeaOutcome.FeaturePlaced;
import dev.coda.command.ideas.IdeaOutcome.FeaturesPlaced;
import dev.coda.command.ideas.IdeaRequests.FeatureBatchRequest;
import dev.coda.command.ideas.IdeaRequests.FeatureRequest;
import dev.coda.command.ideas.IdeaRequests.PositionRequest;
import dev.coda.command.ideas.BoardCommands.Changed;
import dev.coda.platform.http.EntityTags;
import dev.coda.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
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
 * Commands on the features of one of the caller's ideas. A feature change is a change of its idea: it
 * answers with the idea's new version, and {@code If-Match} carries the idea's ETag.
 */
@RestController
@RequestMapping("/api/ideas/{ideaId}/features")
class FeatureController {

    private static final String IF_MATCH = "If-Match";

    private final BoardCommands board;

    FeatureController(BoardCommands board) {
        this.board = board;
    }

    record FeatureAddedResponse(UUID id, int position, String version, long consistencyToken) {
    }

    record FeaturesAddedResponse(List<AddedFeature> features, String version, long consistencyToken) {
    }

    record AddedFeature(UUID id, int position) {
    }

    @PostMapping
    @Operation(summary = "Add a feature at the end of the idea's features")
    ResponseEntity<FeatureAddedResponse> add(@CurrentUser String userId, @PathVariable UUID ideaId,
                                             @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                             @Valid @RequestBody FeatureRequest request) {
        return board.send(HttpStatus.CREATED, new AddFeatures(userId, ideaId, List.of(request.toNewFeature()),
                EntityTags.parseIfMatch(ifMatch)), (FeaturesPlaced placed, Long token) -> {
                    FeaturePlaced feature = placed.features().get(0);
                    return new FeatureAddedResponse(feature.featureId(), feature.position(),
                            BoardCommands.version(placed.version()), token);
                });
    }

    @PostMapping("/batch")
    @Operation(summary = "Add many features in one command, in order, after the idea's last feature")
    ResponseEntity<FeaturesAddedResponse> addMany(@CurrentUser String userId, @PathVariable UUID ideaId,
                                                  @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                  @Valid @RequestBody FeatureBatchRequest request) {
        AddFeatures command = new AddFeatures(userId, ideaId,
                request.features().stream().map(FeatureRequest::toNewFeature).toList(), EntityTags.parseIfMatch(ifMatch));
        return board.send(HttpStatus.CREATED, command, (FeaturesPlaced placed, Long token) -> new FeaturesAddedResponse(
                placed.features().stream().map(feature -> new AddedFeature(feature.featureId(), feature.position())).toList(),
                BoardCommands.version(placed.version()), token));
    }

    @PutMapping("/{featureId}")
    @Operation(summary = "Edit a feature's title, notes, detail and detail sections")
    ResponseEntity<Changed> edit(@CurrentUser String userId, @PathVariable UUID ideaId,
                                                @PathVariable UUID featureId,
                                                @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody FeatureRequest request) {
        return board.change(new EditFeature(userId, ideaId, featureId, request.title(), request.notes(),
                request.detail(), IdeaRequests.sections(request.detailSections()), EntityTags.parseIfMatch(ifMatch)));
    }

    @PutMapping("/{featureId}/star")
    @Operation(summary = "Star a feature")
    ResponseEntity<Changed> star(@CurrentUser String userId, @PathVariable UUID ideaId,
                                                @PathVariable UUID featureId,
                                                @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return board.change(new StarFeature(userId, ideaId, featureId, true, EntityTags.parseIfMatch(ifMatch)));
    }

    @DeleteMapping("/{featureId}/star")
    @Operation(summary = "Unstar a feature")
    ResponseEntity<Changed> unstar(@CurrentUser String userId, @PathVariable UUID ideaId,
                                                  @PathVariable UUID featureId,
                                                  @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return board.change(new StarFeature(userId, ideaId, featureId, false, EntityTags.parseIfMatch(ifMatch)));
    }

    @PutMapping("/{featureId}/completion")
    @Operation(summary = "Mark a feature done (sets completed_at)")
    ResponseEntity<Changed> complete(@CurrentUser String userId, @PathVariable UUID ideaId,
                                                    @PathVariable UUID featureId,
                                                    @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return board.change(new CompleteFeature(userId, ideaId, featureId, true, EntityTags.parseIfMatch(ifMatch)));
    }

    @DeleteMapping("/{featureId}/completion")
    @Operation(summary = "Reopen a feature (clears completed_at)")
    ResponseEntity<Changed> reopen(@CurrentUser String userId, @PathVariable UUID ideaId,
                                                  @PathVariable UUID featureId,
                                                  @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return board.change(new CompleteFeature(userId, ideaId, featureId, false, EntityTags.parseIfMatch(ifMatch)));
    }

    @PutMapping("/{featureId}/position")
    @Operation(summary = "Move a feature to a position (past the end moves it to the end)")
    ResponseEntity<Changed> move(@CurrentUser String userId, @PathVariable UUID ideaId,
                                                @PathVariable UUID featureId,
                                                @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody PositionRequest request) {
        return board.change(new MoveFeature(userId, ideaId, featureId, request.position(),
                EntityTags.parseIfMatch(ifMatch)));
    }

    @DeleteMapping("/{featureId}")
    @Operation(summary = "Remove a feature")
    ResponseEntity<Changed> remove(@CurrentUser String userId, @PathVariable UUID ideaId,
                                                  @PathVariable UUID featureId,
                                                  @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return board.change(new RemoveFeature(userId, ideaId, featureId, EntityTags.parseIfMatch(ifMatch)));
    }
}

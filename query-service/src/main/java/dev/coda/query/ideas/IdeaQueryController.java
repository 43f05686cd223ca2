package dev.coda.query.ideas;

import dev.coda.platform.security.CurrentUser;
import dev.coda.query.ideas.IdeaQueries.CountsPage;
import dev.coda.query.ideas.IdeaQueries.IdeaExport;
import dev.coda.query.ideas.IdeaQueries.IdeaMatch;
import dev.coda.query.ideas.IdeaQueries.IdeaPage;
import dev.coda.query.ideas.IdeaQueries.IdeaSlice;
import dev.coda.query.ideas.IdeaQueries.TrashPage;
import dev.coda.query.projection.InstantCursor;
import dev.coda.query.projection.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's ideas; another user's ideas are not found, never forbidden. */
@RestController
@RequestMapping("/api/ideas")
class IdeaQueryController {

    private static final int MAX_PAGE_SIZE = 200;
    /** Counts are small: about 100 bytes an idea, up to about 1.3 kB with a title of escaped characters. */
    private static final int MAX_COUNTS_PAGE_SIZE = 5000;

    private final IdeaQueries queries;

    IdeaQueryController(IdeaQueries queries) {
        this.queries = queries;
    }

    record Items<T>(List<T> items) {
    }

    @GetMapping
    @Operation(summary = "List the caller's ideas with their features in order, a keyset page at a time "
            + "(soft-deleted ideas excluded); pass nextCursor back as cursor for the next page")
    IdeaSlice list(@CurrentUser String userId,
                   @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int limit,
                   @RequestParam(required = false) String cursor,
                   @RequestParam(defaultValue = "false") boolean starred,
                   @RequestParam(defaultValue = "false") boolean superStarred) {
        return queries.listIdeas(userId, Cursor.parse(cursor), limit, starred, superStarred);
    }

    @GetMapping("/page")
    @Operation(summary = "One numbered page of the caller's ideas with their features, with total and totalPages")
    IdeaPage page(@CurrentUser String userId,
                  @RequestParam(defaultValue = "1") @Min(1) int page,
                  @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int pageSize) {
        return queries.pageOfIdeas(userId, page, pageSize);
    }

    @GetMapping("/trash")
    @Operation(summary = "The caller's soft-deleted ideas that can still be restored, the latest deletion first, "
            + "a keyset page at a time; pass nextCursor back as cursor for the next page")
    TrashPage trash(@CurrentUser String userId,
                    @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int limit,
                    @RequestParam(required = false) String cursor) {
        return queries.trash(userId, InstantCursor.decode(cursor, "cursor"), limit);
    }

    @GetMapping("/counts")
    @Operation(summary = "Per idea, in order: its number of features and of completed features, a keyset page at a "
            + "time; pass nextCursor back as cursor for the next page")
    CountsPage counts(@CurrentUser String userId,
                      @RequestParam(defaultValue = "1000") @Min(1) @Max(MAX_COUNTS_PAGE_SIZE) int limit,
                      @RequestParam(required = false) String cursor) {
        return queries.featureCounts(userId, Cursor.parse(cursor), limit);
    }

    @GetMapping("/search")
    @Operation(summary = "Full-text search over the caller's ideas' titles and notes, best match first")
    Items<IdeaMatch> search(@CurrentUser String userId,
                            @RequestParam(required = false) @NotBlank @Size(max = 200) String q,
                            @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int limit) {
        return new Items<>(queries.search(userId, q, limit));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One of the caller's ideas with its features; the ETag is its version, for If-Match")
    ResponseEntity<IdeaView> idea(@CurrentUser String userId, @PathVariable UUID id) {
        IdeaView idea = queries.findIdea(userId, id).orElseThrow(IdeaQueryController::noSuchIdea);
        return ResponseEntity.ok().eTag(idea.version()).body(idea);
    }

    @GetMapping("/{id}/export")
    @Operation(summary = "One of the caller's ideas with its features, in the import format")
    IdeaExport export(@CurrentUser String userId, @PathVariable UUID id) {
        return queries.export(userId, id).orElseThrow(IdeaQueryController::noSuchIdea);
    }

    private static NotFound noSuchIdea() {
        return new NotFound("There is no such idea on your list.");
    }
}

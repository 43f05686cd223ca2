package dev.coda.query.ideas;

import dev.coda.platform.consistency.ConsistencyToken;
import dev.coda.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's ideas; never another user's. */
@RestController
@RequestMapping("/api/ideas")
class IdeaQueryController {

    private final IdeaQueries queries;

    IdeaQueryController(IdeaQueries queries) {
        this.queries = queries;
    }

    record IdeaList(List<IdeaView> items) {
    }

    @GetMapping
    @Operation(summary = "List the caller's ideas with their features, in order (soft-deleted ideas excluded)")
    @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER, description = "wait until this command's events are projected")
    IdeaList list(@CurrentUser String userId) {
        return new IdeaList(queries.listIdeas(userId));
    }
}

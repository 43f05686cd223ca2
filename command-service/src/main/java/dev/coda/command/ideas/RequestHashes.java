package dev.coda.command.ideas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coda.command.ideas.IdeaCommand.CreateIdea;
import dev.coda.command.ideas.IdeaCommand.ImportIdea;
import dev.coda.command.ideas.IdeaCommand.NewFeature;
import dev.coda.contracts.EventJson;
import dev.coda.platform.secrets.Hashes;
import java.util.Arrays;

/**
 * What a request under an {@code Idempotency-Key} asked for, as a SHA-256 of its kind and content: the ids the
 * service gives the new idea and features are left out, since a retry gets new ones.
 */
final class RequestHashes {

    private static final ObjectMapper JSON = EventJson.objectMapper();

    private RequestHashes() {
    }

    static String hashOf(CreateIdea create) {
        return hashOf("create", create.title(), create.notes(), create.githubUrl(), create.linkLabel());
    }

    static String hashOf(ImportIdea imported) {
        return hashOf("import", imported.title(), imported.notes(), imported.starred(), imported.superStarred(),
                imported.githubUrl(), imported.linkLabel(), imported.features().stream().map(RequestHashes::content).toList());
    }

    private static Object content(NewFeature feature) {
        return Arrays.asList(feature.title(), feature.notes(), feature.detail(), feature.detailSections(),
                feature.starred(), feature.completedAt());
    }

    private static String hashOf(Object... parts) {
        try {
            return Hashes.sha256(JSON.writeValueAsString(Arrays.asList(parts)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A command that cannot be written as JSON", e);
        }
    }
}

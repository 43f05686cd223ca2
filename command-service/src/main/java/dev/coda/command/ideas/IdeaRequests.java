package dev.coda.command.ideas;

import dev.coda.command.ideas.IdeaCommand.NewFeature;
import dev.coda.contracts.ideas.IdeaEvent.DetailSection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.validator.constraints.URL;

/** Request bodies of the idea and feature commands, with the seed's limits (its Zod schemas). */
final class IdeaRequests {

    static final String URL_OR_EMPTY = "^(https?://.*)?$";

    private IdeaRequests() {
    }

    record CreateIdeaRequest(
            @NotBlank @Size(max = 200) String title,
            @Size(max = 10_000) String notes,
            @URL(regexp = URL_OR_EMPTY, message = "must be an http(s) URL or empty") @Size(max = 2048) String githubUrl,
            @Size(max = 200) String linkLabel) {
    }

    record EditIdeaRequest(@NotBlank @Size(max = 200) String title, @Size(max = 10_000) String notes) {
    }

    /** An empty {@code githubUrl} clears the link, as does DELETE on the link. */
    record LinkRequest(
            @NotNull @URL(regexp = URL_OR_EMPTY, message = "must be an http(s) URL or empty") @Size(max = 2048) String githubUrl,
            @Size(max = 200) String linkLabel) {
    }

    record PositionRequest(@NotNull @Min(0) Integer position) {
    }

    record RestoreRequest(@NotBlank @Size(max = 200) String undoToken) {
    }

    record DetailSectionRequest(
            @NotNull @Size(max = 100) String id,
            @NotNull @Size(max = 200) String title,
            @NotNull @Size(max = 20_000) String content,
            Boolean collapsed) {

        DetailSection toSection() {
            return new DetailSection(id, title, content, collapsed);
        }
    }

    record FeatureRequest(
            @NotBlank @Size(max = 200) String title,
            @Size(max = 5_000) String notes,
            @Size(max = 20_000) String detail,
            @Valid @Size(max = 100) List<@NotNull DetailSectionRequest> detailSections) {

        NewFeature toNewFeature() {
            return new NewFeature(UUID.randomUUID(), title, notes, detail, sections(detailSections), false, null);
        }
    }

    record FeatureBatchRequest(@NotEmpty @Size(max = 500) @Valid List<@NotNull FeatureRequest> features) {
    }

    /** The seed's ideaImportSchema, with the same limits as the other commands. */
    record ImportRequest(@NotNull @Valid ImportedIdea idea,
                         @NotNull @Size(max = 500) @Valid List<@NotNull ImportedFeature> features) {
    }

    record ImportedIdea(
            @NotBlank @Size(max = 200) String title,
            @Size(max = 10_000) String notes,
            Boolean starred,
            Boolean superStarred,
            @URL(regexp = URL_OR_EMPTY, message = "must be an http(s) URL or empty") @Size(max = 2048) String githubUrl,
            @Size(max = 200) String linkLabel) {
    }

    record ImportedFeature(
            @NotBlank @Size(max = 200) String title,
            @Size(max = 5_000) String notes,
            @Size(max = 20_000) String detail,
            @Valid @Size(max = 100) List<@NotNull DetailSectionRequest> detailSections,
            Boolean starred,
            Instant completedAt) {

        NewFeature toNewFeature() {
            return new NewFeature(UUID.randomUUID(), title, notes, detail, sections(detailSections),
                    Boolean.TRUE.equals(starred), completedAt);
        }
    }

    static List<DetailSection> sections(List<DetailSectionRequest> sections) {
        return sections == null ? null : sections.stream().map(DetailSectionRequest::toSection).toList();
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** A link's label goes with its link: with no GitHub URL, an idea has no label either. */
    static String labelOf(String githubUrl, String linkLabel) {
        return emptyToNull(githubUrl) == null ? null : linkLabel;
    }
}

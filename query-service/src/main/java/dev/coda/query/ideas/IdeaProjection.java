package dev.coda.query.ideas;

import static dev.coda.query.projection.ReadModel.utc;

import dev.coda.contracts.ideas.IdeaEvent.IdeaCreated;
import dev.coda.query.projection.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Projects idea events into {@code ideas}. Idempotent: a redelivered event changes nothing. */
@Component
@ProcessingGroup(ReadModel.PROCESSOR)
class IdeaProjection {

    private final JdbcClient jdbc;

    IdeaProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(IdeaCreated event) {
        jdbc.sql("""
                        INSERT INTO ideas (id, user_id, title, notes, position, github_url, link_label, created_at, updated_at)
                        VALUES (:id, :userId, :title, :notes, :position, :githubUrl, :linkLabel, :at, :at)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", event.ideaId())
                .param("userId", event.userId())
                .param("title", event.title())
                .param("notes", event.notes())
                .param("position", event.position())
                .param("githubUrl", event.githubUrl())
                .param("linkLabel", event.linkLabel())
                .param("at", utc(event.createdAt()))
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM ideas").update();
    }
}

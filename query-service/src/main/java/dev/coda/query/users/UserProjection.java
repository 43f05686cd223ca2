package dev.coda.query.users;

import static dev.coda.query.projection.ReadModel.utc;

import dev.coda.contracts.users.UserEvent.UserRegistered;
import dev.coda.query.projection.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Projects user events into {@code users}. Idempotent: a redelivered event changes nothing. */
@Component
@ProcessingGroup(ReadModel.PROCESSOR)
class UserProjection {

    private final JdbcClient jdbc;

    UserProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserRegistered event) {
        jdbc.sql("""
                        INSERT INTO users (id, name, email, image, created_at, updated_at)
                        VALUES (:id, :name, :email, :image, :at, :at)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", event.userId())
                .param("name", event.name())
                .param("email", event.email())
                .param("image", event.image())
                .param("at", utc(event.registeredAt()))
                .update();
    }

    /** Replays start from nothing; deleting users cascades to every table that references them. */
    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM users").update();
    }
}

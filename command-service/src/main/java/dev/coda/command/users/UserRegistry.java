package dev.coda.command.users;

import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The set of registered users and their emails, kept beside the event store. Rows are written in the same
 * transaction that appends the registration event, so the registry and the events never disagree.
 */
@Component
public class UserRegistry {

    private final JdbcClient jdbc;

    UserRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims {@code email} for {@code userId}; fails if another user has it. */
    void register(String userId, String email) {
        int claimed = jdbc.sql("""
                        INSERT INTO eventstore.user_registry (user_id, email) VALUES (:userId, :email)
                        ON CONFLICT DO NOTHING""")
                .param("userId", userId)
                .param("email", email.toLowerCase(Locale.ROOT))
                .update();
        if (claimed == 0) {
            throw new EmailAlreadyRegistered();
        }
    }

    public boolean contains(String userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM eventstore.user_registry WHERE user_id = :userId)")
                .param("userId", userId)
                .query(Boolean.class)
                .single();
    }
}

package dev.coda.query.users;

import static dev.coda.query.projection.ReadModel.utc;

import dev.coda.contracts.users.Emails;
import dev.coda.contracts.users.UserEvent;
import dev.coda.contracts.users.UserEvent.AccountLinked;
import dev.coda.contracts.users.UserEvent.AccountUnlinked;
import dev.coda.contracts.users.UserEvent.SessionEnded;
import dev.coda.contracts.users.UserEvent.SessionExtended;
import dev.coda.contracts.users.UserEvent.SessionStarted;
import dev.coda.contracts.users.UserEvent.UserDeleted;
import dev.coda.contracts.users.UserEvent.UserProfileChanged;
import dev.coda.contracts.users.UserEvent.UserRegistered;
import dev.coda.platform.secrets.DataKey;
import dev.coda.platform.secrets.DataKeys;
import dev.coda.query.projection.ReadModel;
import dev.coda.query.projection.ReadModelWrites;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Projects user events into {@code users}, {@code accounts} and {@code sessions}, opening the sealed fields
 * with the user's data key. A user whose key is gone is erased instead: their row is deleted (the foreign
 * keys cascade to everything they own) and their later events are skipped. Idempotent: a redelivered event
 * changes nothing.
 */
@Component
@ProcessingGroup(ReadModel.PROCESSOR)
class UserProjection {

    private final ReadModelWrites writes;
    private final DataKeys keys;

    UserProjection(ReadModelWrites writes, DataKeys keys) {
        this.writes = writes;
        this.keys = keys;
    }

    @EventHandler
    void on(UserRegistered event) {
        withKey(event, key -> {
            String email = key.open(event.email());
            writes.sql("""
                            INSERT INTO users (id, name, email, email_verified, image, created_at, updated_at)
                            VALUES (:id, :name, :email, :emailVerified, :image, :at, :at)
                            ON CONFLICT (id) DO NOTHING""")
                    .param("id", event.userId())
                    .param("name", key.open(event.name()))
                    .param("email", email)
                    .param("emailVerified", utc(event.emailVerified()))
                    .param("image", key.open(event.image()))
                    .param("at", utc(event.registeredAt()))
                    .run();
            writes.sql("""
                            INSERT INTO user_email_keys (user_id, email_key) VALUES (:userId, :emailKey)
                            ON CONFLICT (user_id) DO NOTHING""")
                    .param("userId", event.userId())
                    .param("emailKey", Emails.key(email))
                    .run();
        });
    }

    /** A new email voids the sign-in links sent to the old one (the command side destroyed their keys). */
    @EventHandler
    void on(UserProfileChanged event) {
        withKey(event, key -> {
            String email = key.open(event.email());
            if (email != null) {
                writes.sql("""
                                DELETE FROM verification_tokens
                                WHERE identifier_key = (SELECT email_key FROM user_email_keys WHERE user_id = :id)
                                  AND identifier_key <> :emailKey""")
                        .param("id", event.userId())
                        .param("emailKey", Emails.key(email))
                        .run();
                writes.sql("UPDATE user_email_keys SET email_key = :emailKey WHERE user_id = :userId")
                        .param("userId", event.userId())
                        .param("emailKey", Emails.key(email))
                        .run();
            }
            writes.sql("""
                            UPDATE users SET name = coalesce(:name, name), email = coalesce(:email, email),
                                email_verified = coalesce(:emailVerified, email_verified), image = coalesce(:image, image),
                                updated_at = :at
                            WHERE id = :id""")
                    .param("id", event.userId())
                    .param("name", key.open(event.name()))
                    .param("email", email)
                    .param("emailVerified", utc(event.emailVerified()))
                    .param("image", key.open(event.image()))
                    .param("at", utc(event.changedAt()))
                    .run();
        });
    }

    @EventHandler
    void on(AccountLinked event) {
        withKey(event, key -> writes.sql("""
                        INSERT INTO accounts (user_id, type, provider, provider_account_id, refresh_token, access_token,
                                              expires_at, token_type, scope, id_token, session_state)
                        VALUES (:userId, :type, :provider, :providerAccountId, :refreshToken, :accessToken,
                                :expiresAt, :tokenType, :scope, :idToken, :sessionState)
                        ON CONFLICT (provider, provider_account_id) DO NOTHING""")
                .param("userId", event.userId())
                .param("type", event.type())
                .param("provider", event.provider())
                .param("providerAccountId", key.open(event.providerAccountId()))
                .param("refreshToken", key.open(event.refreshToken()))
                .param("accessToken", key.open(event.accessToken()))
                .param("expiresAt", event.expiresAt() == null ? null : Math.toIntExact(event.expiresAt()))
                .param("tokenType", event.tokenType())
                .param("scope", event.scope())
                .param("idToken", key.open(event.idToken()))
                .param("sessionState", key.open(event.sessionState()))
                .run());
    }

    @EventHandler
    void on(AccountUnlinked event) {
        withKey(event, key -> writes.sql("""
                        DELETE FROM accounts
                        WHERE provider = :provider AND provider_account_id = :providerAccountId AND user_id = :userId""")
                .param("provider", event.provider())
                .param("providerAccountId", key.open(event.providerAccountId()))
                .param("userId", event.userId())
                .run());
    }

    @EventHandler
    void on(SessionStarted event) {
        withKey(event, key -> writes.sql("""
                        INSERT INTO sessions (session_token, user_id, expires) VALUES (:token, :userId, :expires)
                        ON CONFLICT (session_token) DO NOTHING""")
                .param("token", key.open(event.sessionToken()))
                .param("userId", event.userId())
                .param("expires", utc(event.expires()))
                .run());
    }

    @EventHandler
    void on(SessionExtended event) {
        withKey(event, key -> writes.sql("UPDATE sessions SET expires = :expires WHERE session_token = :token AND user_id = :userId")
                .param("token", key.open(event.sessionToken()))
                .param("userId", event.userId())
                .param("expires", utc(event.expires()))
                .run());
    }

    @EventHandler
    void on(SessionEnded event) {
        withKey(event, key -> writes.sql("DELETE FROM sessions WHERE session_token = :token AND user_id = :userId")
                .param("token", key.open(event.sessionToken()))
                .param("userId", event.userId())
                .run());
    }

    @EventHandler
    void on(UserDeleted event) {
        erase(event.userId());
    }

    private void withKey(UserEvent event, Consumer<DataKey> project) {
        keys.find(event.userId()).ifPresentOrElse(project, () -> erase(event.userId()));
    }

    /** The user's rows go, with everything that references them and the verification tokens sent to their email. */
    private void erase(String userId) {
        writes.sql("""
                        DELETE FROM verification_tokens
                        WHERE identifier_key = (SELECT email_key FROM user_email_keys WHERE user_id = :userId)""")
                .param("userId", userId)
                .run();
        writes.sql("DELETE FROM users WHERE id = :userId").param("userId", userId).run();
    }
}

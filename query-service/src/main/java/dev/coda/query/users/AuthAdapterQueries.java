package dev.coda.query.users;

import dev.coda.contracts.users.Emails;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The reads an Auth.js adapter makes, straight from the seed's tables. */
@Component
class AuthAdapterQueries {

    private static final String USER_COLUMNS = "u.id, u.name, u.email, u.email_verified, u.image";

    private final JdbcClient jdbc;

    AuthAdapterQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record UserView(String id, String name, String email, Instant emailVerified, String image) {
    }

    record AccountView(String userId, String type, String provider, String providerAccountId, String refresh_token,
                       String access_token, Integer expires_at, String token_type, String scope, String id_token,
                       String session_state) {
    }

    record SessionView(String sessionToken, String userId, Instant expires) {
    }

    record SessionAndUser(SessionView session, UserView user) {
    }

    Optional<UserView> user(String userId) {
        return jdbc.sql("SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = :id")
                .param("id", userId)
                .query(AuthAdapterQueries::user)
                .optional();
    }

    /** In any letter case: the command side keeps one user per email key ({@link Emails#key}), and users type them so. */
    Optional<UserView> userByEmail(String email) {
        return jdbc.sql("SELECT " + USER_COLUMNS + " FROM users u JOIN user_email_keys k ON k.user_id = u.id"
                        + " WHERE k.email_key = :emailKey")
                .param("emailKey", Emails.key(email))
                .query(AuthAdapterQueries::user)
                .optional();
    }

    Optional<UserView> userByAccount(String provider, String providerAccountId) {
        return jdbc.sql("SELECT " + USER_COLUMNS + """
                         FROM accounts a JOIN users u ON u.id = a.user_id
                        WHERE a.provider = :provider AND a.provider_account_id = :providerAccountId""")
                .param("provider", provider)
                .param("providerAccountId", providerAccountId)
                .query(AuthAdapterQueries::user)
                .optional();
    }

    Optional<AccountView> account(String provider, String providerAccountId) {
        return jdbc.sql("""
                        SELECT user_id, type, provider, provider_account_id, refresh_token, access_token, expires_at,
                               token_type, scope, id_token, session_state
                        FROM accounts WHERE provider = :provider AND provider_account_id = :providerAccountId""")
                .param("provider", provider)
                .param("providerAccountId", providerAccountId)
                .query((row, n) -> new AccountView(row.getString("user_id"), row.getString("type"),
                        row.getString("provider"), row.getString("provider_account_id"), row.getString("refresh_token"),
                        row.getString("access_token"), (Integer) row.getObject("expires_at"), row.getString("token_type"),
                        row.getString("scope"), row.getString("id_token"), row.getString("session_state")))
                .optional();
    }

    Optional<SessionAndUser> sessionAndUser(String sessionToken) {
        return jdbc.sql("SELECT s.session_token, s.expires, " + USER_COLUMNS + """
                         FROM sessions s JOIN users u ON u.id = s.user_id
                        WHERE s.session_token = :token""")
                .param("token", sessionToken)
                .query((row, n) -> new SessionAndUser(
                        new SessionView(row.getString("session_token"), row.getString("id"), instant(row.getObject("expires", LocalDateTime.class))),
                        user(row, n)))
                .optional();
    }

    private static UserView user(java.sql.ResultSet row, int rowNumber) throws java.sql.SQLException {
        return new UserView(row.getString("id"), row.getString("name"), row.getString("email"),
                instant(row.getObject("email_verified", LocalDateTime.class)), row.getString("image"));
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}

package db.read;

import dev.coda.contracts.users.Emails;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Users and sign-in links are found by the key of their email ({@link Emails#key}), as the command side keeps
 * them unique, instead of by {@code lower()}, which folds only ASCII under the C locale: an {@code É} was taken
 * there and not found here, and the links sent to a deleted user's email in another case stayed in
 * {@code verification_tokens}. A migration in Java, since only Java computes the key of the rows already here.
 *
 * <p>The users' keys get a table of their own, which the relay does not publish, so that {@code users} stays the
 * seed's and no relay or Kafka Connect configuration has another email column to leave out. Verification tokens
 * are never published, so their key is a column.
 */
public class V6__Email_keys extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    CREATE TABLE user_email_keys (
                        user_id   TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                        email_key TEXT NOT NULL
                    )""");
            ddl.execute("ALTER TABLE verification_tokens ADD COLUMN identifier_key TEXT");
        }
        fill(connection, "SELECT id, email FROM users", "INSERT INTO user_email_keys (user_id, email_key) VALUES (?, ?)");
        fill(connection, "SELECT DISTINCT identifier, identifier FROM verification_tokens",
                "UPDATE verification_tokens AS t SET identifier_key = k.key FROM (VALUES (?, ?)) AS k (identifier, key)"
                        + " WHERE t.identifier = k.identifier");
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE verification_tokens ALTER COLUMN identifier_key SET NOT NULL");
            ddl.execute("DROP INDEX users_email_lower_idx");
            ddl.execute("DROP INDEX verification_tokens_identifier_lower_idx");
            ddl.execute("CREATE INDEX user_email_keys_email_key_idx ON user_email_keys (email_key)");
            ddl.execute("CREATE INDEX verification_tokens_identifier_key_idx ON verification_tokens (identifier_key)");
        }
    }

    /** Runs {@code write} with each row of {@code read}: its first column as it is, its second's email key. */
    private static void fill(Connection connection, String read, String write) throws SQLException {
        try (Statement rows = connection.createStatement();
             PreparedStatement statement = connection.prepareStatement(write)) {
            rows.setFetchSize(1_000);
            try (ResultSet row = rows.executeQuery(read)) {
                int batched = 0;
                while (row.next()) {
                    statement.setString(1, row.getString(1));
                    statement.setString(2, Emails.key(row.getString(2)));
                    statement.addBatch();
                    if (++batched % 1_000 == 0) {
                        statement.executeBatch();
                    }
                }
            }
            statement.executeBatch();
        }
    }
}

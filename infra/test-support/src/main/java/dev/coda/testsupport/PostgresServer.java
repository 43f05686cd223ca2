package dev.coda.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A PostgreSQL server (with {@code wal_level=logical}) on which each test gets a database of its own. */
public record PostgresServer(String host, int port, String user, String password) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Creates an empty database named after {@code purpose}; close it to drop it and its replication slots. */
    public TestDatabase createDatabase(String purpose) {
        String name = ("test_" + purpose + "_" + java.time.Instant.now().getEpochSecond() + "_"
                + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        execute("CREATE DATABASE " + name);
        return new TestDatabase(this, name);
    }

    /**
     * Drops the databases earlier test runs left behind, with their replication slots. Spring keeps test
     * contexts (and their connections) open until the JVM exits, so a run cleans up after the previous one.
     * Only databases created more than ten minutes ago are dropped, so parallel runs never collide.
     */
    void dropStaleTestDatabases() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
             java.sql.ResultSet stale = statement.executeQuery("""
                     SELECT datname FROM pg_database d WHERE datname LIKE 'test\\_%'
                       AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)""")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            long cutoff = java.time.Instant.now().minusSeconds(600).getEpochSecond();
            while (stale.next()) {
                String[] parts = stale.getString(1).split("_");
                if (parts.length >= 2 && parts[parts.length - 2].matches("\\d+")
                        && Long.parseLong(parts[parts.length - 2]) < cutoff) {
                    names.add(stale.getString(1));
                }
            }
            names.forEach(name -> new TestDatabase(this, name).close());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list stale test databases", e);
        }
    }

    void execute(String sql) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused: " + sql, e);
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }
}

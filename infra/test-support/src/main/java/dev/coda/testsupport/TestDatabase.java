package dev.coda.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;

/** A database created for one test class; closing it drops its replication slots and the database. */
public record TestDatabase(PostgresServer server, String name) implements AutoCloseable {

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** The first column of the first row {@code sql} selects, as text. */
    public String queryText(String sql) throws SQLException {
        try (Connection connection = connect(); java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    public void execute(String sql) throws SQLException {
        try (Connection connection = connect(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The event store's table, in schema {@code eventstore}, as the services' first migration makes it. */
    public void createEventStore() {
        try {
            execute("CREATE SCHEMA eventstore; SET search_path TO eventstore; " + Files.readString(
                    TestInfrastructure.projectRoot().resolve("contracts/src/main/resources/db/eventstore/V1__event_store.sql")));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Cannot create the event store in " + name, e);
        }
    }

    @Override
    public void close() {
        // waits up to 10 s for each walsender to exit, so that its slot is inactive before the drop below
        server.execute("SELECT pg_terminate_backend(active_pid, 10000) FROM pg_replication_slots "
                + "WHERE database = '" + name + "' AND active_pid IS NOT NULL");
        server.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                + "WHERE database = '" + name + "' AND NOT active");
        server.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}

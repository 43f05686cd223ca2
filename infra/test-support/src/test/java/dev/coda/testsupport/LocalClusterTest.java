package dev.coda.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The PostgreSQL cluster the project's scripts start, as every test and the local stack use it. */
class LocalClusterTest {

    @Test
    void onlyTheClustersOwnerMayUseItsSocket() throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect("postgres");
             Statement statement = connection.createStatement();
             ResultSet setting = statement.executeQuery("SHOW unix_socket_permissions")) {
            setting.next();
            assertEquals("0700", setting.getString(1), "local connections are trusted, so the socket must not be open to all");
        }
    }
}

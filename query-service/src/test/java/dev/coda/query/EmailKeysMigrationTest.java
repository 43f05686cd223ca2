package dev.coda.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** V6 gives the users and sign-in links already in the read model the key of their email, as Java computes it. */
class EmailKeysMigrationTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("email_keys");

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void rowsFromBeforeTheKeysGetTheirEmailsKey() {
        migrateTo("5");
        JdbcClient jdbc = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), database.jdbcUrl(),
                database.user(), database.password()));
        jdbc.sql("INSERT INTO users (id, email) VALUES ('greek', 'ΑΘΗΝΑ@Example.com'), ('french', ' Élodie@example.com')").update();
        jdbc.sql("""
                INSERT INTO verification_tokens (identifier, token, expires)
                VALUES ('ÉLODIE@example.com', 'a', now()), ('ÉLODIE@example.com', 'b', now()), ('kate@example.com', 'c', now())""")
                .update();

        migrateTo("latest");

        assertThat(jdbc.sql("SELECT user_id || ' ' || email_key FROM user_email_keys ORDER BY user_id").query(String.class).list())
                .isEqualTo(List.of("french élodie@example.com", "greek αθηνα@example.com"));
        assertThat(jdbc.sql("SELECT token || ' ' || identifier_key FROM verification_tokens ORDER BY token").query(String.class).list())
                .isEqualTo(List.of("a élodie@example.com", "b élodie@example.com", "c kate@example.com"));
    }

    private static void migrateTo(String version) {
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/read")
                .target(version)
                .load()
                .migrate();
    }
}

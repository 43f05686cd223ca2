package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.Await;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A token store made while the read model ran on two segments, as every store before session 15 was. */
class ReadModelSegmentsTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("read_model_segments");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        useDatabase(database, registry);
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                .schemas("public").locations("classpath:db/read").load().migrate();
        database.execute("INSERT INTO token_entry (processor_name, segment) VALUES ('read-model', 0), ('read-model', 1)");
    }

    @Test
    void itsSegmentsAreMergedIntoOneAndItProjectsOn() {
        Await.until("one segment", DEADLINE, () -> segments() == 1);

        String user = registerUser();
        awaitProjection();

        assertThat(segments()).isOne();
        assertThat(jdbc.sql("SELECT count(*) FROM users WHERE id = :id").param("id", user).query(Long.class).single()).isOne();
    }

    private long segments() {
        return jdbc.sql("SELECT count(*) FROM token_entry WHERE processor_name = 'read-model'").query(Long.class).single();
    }
}

package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.util.List;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Writes made while a batch is processed reach the database when it commits, all of them, in order. */
class ReadModelWritesTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("writes");
    private static final String INSERT = "INSERT INTO write_log (id, note) VALUES (:id, :note)";

    @Autowired
    private ReadModelWrites writes;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void emptyLog() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS write_log (id int PRIMARY KEY, note text)").update();
        jdbc.sql("TRUNCATE write_log").update();
    }

    @Test
    void writesInABatchWaitForItsCommitAndKeepTheirOrder() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        for (int id = 1; id <= 3; id++) {
            writes.sql(INSERT).param("id", id).param("note", "inserted").run();
        }
        // depends on the inserts before it, and the insert after it depends on it: order must hold
        writes.sql("UPDATE write_log SET note = 'updated' WHERE id <= 2").run();
        writes.sql(INSERT).param("id", 4).param("note", "inserted").run();
        assertThat(count()).as("nothing is sent before the commit").isZero();

        batch.commit();

        assertThat(jdbc.sql("SELECT id || ':' || note FROM write_log ORDER BY id").query(String.class).list())
                .isEqualTo(List.of("1:updated", "2:updated", "3:inserted", "4:inserted"));
    }

    @Test
    void aRolledBackBatchWritesNothing() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        writes.sql(INSERT).param("id", 1).param("note", "inserted").run();
        batch.rollback();

        assertThat(count()).isZero();
    }

    @Test
    void outsideABatchAWriteRunsAtOnce() {
        writes.sql(INSERT).param("id", 1).param("note", "reset").run();

        assertThat(count()).isEqualTo(1);
    }

    private long count() {
        return jdbc.sql("SELECT count(*) FROM write_log").query(Long.class).single();
    }
}

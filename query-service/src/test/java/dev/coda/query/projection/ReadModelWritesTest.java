package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coda.query.QueryServiceTest;
import dev.coda.query.projection.ReadModelWrites.Parent;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Writes made while a batch is processed reach the database when it commits, all of them, in order. */
class ReadModelWritesTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("writes");
    private static final String INSERT = "INSERT INTO write_log (id, note) VALUES (:id, :note)";

    @Autowired
    private ReadModelWrites writes;

    @Autowired
    private PlatformTransactionManager transactions;

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

    /** Derived from the event store, the read model's commits do not wait for the disk (ADR 0010). */
    @Test
    void theReadModelCommitsWithoutWaitingForTheDisk() {
        assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("off");
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
    void copiesGoAsOneCopyAndFallBackWhenTheyConflict() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        writes.sql(INSERT).param("id", 1).param("note", "inserted").run();
        writes.copy("write_log (id, note)", new CopyRows().row(2, "tab\tnew\nline \\ back").row(3, null), fallback(2, 3));
        writes.copy("write_log (id, note)", new CopyRows().row(4, "copied"), fallback(4));
        batch.commit();

        assertThat(jdbc.sql("SELECT id || ':' || coalesce(note, 'null') FROM write_log ORDER BY id").query(String.class).list())
                .isEqualTo(List.of("1:inserted", "2:tab\tnew\nline \\ back", "3:null", "4:copied"));

        // in a transaction, as the processor writes: the failed COPY is undone to its savepoint, no further
        new TransactionTemplate(transactions).executeWithoutResult(transaction -> {
            UnitOfWork<?> inTransaction = DefaultUnitOfWork.startAndGet(null);
            writes.sql(INSERT).param("id", 5).param("note", "inserted").run();
            writes.copy("write_log (id, note)", new CopyRows().row(4, "conflicts").row(6, "copied"), fallback(4, 6));
            inTransaction.commit();
        });

        assertThat(jdbc.sql("SELECT id || ':' || note FROM write_log WHERE id >= 4 ORDER BY id").query(String.class).list())
                .as("the write before the COPY stays, the fallback skips the row that is there")
                .isEqualTo(List.of("4:copied", "5:inserted", "6:fallback"));
    }

    @Test
    void copiesUnderAParentCheckItOncePerCopyAndFallBackWhenItIsGone() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS write_parent (id uuid PRIMARY KEY)").update();
        jdbc.sql("CREATE TABLE IF NOT EXISTS write_child (id int PRIMARY KEY, parent_id uuid NOT NULL REFERENCES write_parent)")
                .update();
        jdbc.sql("TRUNCATE write_parent, write_child").update();
        UUID present = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        jdbc.sql("INSERT INTO write_parent VALUES (:id)").param("id", present).update();

        new TransactionTemplate(transactions).executeWithoutResult(transaction -> {
            UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            writes.copy("write_child (id, parent_id)", new CopyRows().row(1, present).row(2, present),
                    new Parent("write_parent", present), insertChild(1, present));
            writes.sql(INSERT).param("id", 1).param("note", "role after the copy").run();
            writes.sql("UPDATE write_log SET note = current_setting('session_replication_role') WHERE id = 1").run();
            batch.commit();
        });
        assertThat(jdbc.sql("SELECT count(*) FROM write_child").query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT note FROM write_log").query(String.class).single())
                .as("foreign keys are checked again after the copy").isEqualTo("origin");

        new TransactionTemplate(transactions).executeWithoutResult(transaction -> {
            UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            writes.copy("write_child (id, parent_id)", new CopyRows().row(3, present), new Parent("write_parent", present),
                    insertChild(3, present));
            writes.copy("write_child (id, parent_id)", new CopyRows().row(4, gone), new Parent("write_parent", gone),
                    insertChild(4, gone));
            batch.commit();
        });
        assertThat(jdbc.sql("SELECT id FROM write_child ORDER BY id").query(Integer.class).list())
                .as("no row without its parent: the copy fell back").isEqualTo(List.of(1, 2, 3));
    }

    @Test
    void aBatchHoldingManyRowsSendsThemEarlyInItsTransaction() {
        inBatch(() -> {
            writes.sql(INSERT).param("id", 0).param("note", "first").run();
            writes.copy("write_log (id, note)", rows(1, ReadModelWrites.EARLY_SEND_ROWS - 2), fallback());
            assertThat(count()).as("held: one row short of the bound").isZero();

            writes.copy("write_log (id, note)", rows(ReadModelWrites.EARLY_SEND_ROWS - 1, 1), fallback());
            assertThat(count()).as("sent at the bound").isEqualTo(ReadModelWrites.EARLY_SEND_ROWS);

            writes.sql("UPDATE write_log SET note = 'after' WHERE id = 0").run();
        });
        assertThat(count()).isEqualTo(ReadModelWrites.EARLY_SEND_ROWS);
        assertThat(jdbc.sql("SELECT note FROM write_log WHERE id = 0").query(String.class).single()).isEqualTo("after");

        jdbc.sql("TRUNCATE write_log").update();
        assertThatThrownBy(() -> inBatch(() -> {
            writes.copy("write_log (id, note)", rows(1, ReadModelWrites.EARLY_SEND_ROWS), fallback());
            assertThat(count()).as("sent at the bound").isEqualTo(ReadModelWrites.EARLY_SEND_ROWS);
            writes.sql("INSERT INTO write_log_missing (id) VALUES (:id)").param("id", 1).run();
        })).hasMessageContaining("write_log_missing");
        assertThat(count()).as("rows sent early roll back with their batch").isZero();
    }

    @Test
    void anEarlySendThatFailsFailsTheBatchAtItsCommitWithItsOwnError() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS write_token (batch int)").update();
        jdbc.sql("TRUNCATE write_token").update();

        assertThatThrownBy(() -> inBatch(() -> {
            // as Axon's processor stores its token: a write of its own at the commit, before the held ones
            CurrentUnitOfWork.get().onPrepareCommit(batch -> jdbc.sql("INSERT INTO write_token VALUES (1)").update());
            writes.copy("write_log (id, note)", rows(1, ReadModelWrites.EARLY_SEND_ROWS - 1), fallback());
            writes.sql("INSERT INTO write_log_missing (id) VALUES (:id)").param("id", 1).run(); // the bound: sent, fails
            writes.sql(INSERT).param("id", 0).param("note", "after the failure").run();
        })).as("the statement that failed, not the token's write in an aborted transaction")
                .hasMessageContaining("write_log_missing");

        assertThat(count()).as("the batch rolled back as a whole").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM write_token").query(Long.class).single()).isZero();
    }

    /** Runs {@code handling} as a processor runs a batch: in a unit of work, in a transaction, then commits. */
    private void inBatch(Runnable handling) {
        new TransactionTemplate(transactions).executeWithoutResult(transaction -> {
            UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            handling.run();
            batch.commit();
        });
    }

    private static CopyRows rows(int firstId, int count) {
        CopyRows rows = new CopyRows();
        for (int id = firstId; id < firstId + count; id++) {
            rows.row(id, "copied");
        }
        return rows;
    }

    /** The fallback of a child's copy: an insert that skips the child when its parent is gone. */
    private static PreparedStatementCreator insertChild(int id, UUID parent) {
        return connection -> {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO write_child (id, parent_id) SELECT ?, id"
                    + " FROM write_parent WHERE id = ? ON CONFLICT (id) DO NOTHING");
            insert.setInt(1, id);
            insert.setObject(2, parent);
            return insert;
        };
    }

    private static PreparedStatementCreator fallback(int... ids) {
        return connection -> {
            PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO write_log (id, note) SELECT id, 'fallback' FROM unnest(?::int[]) id ON CONFLICT (id) DO NOTHING");
            insert.setArray(1, connection.createArrayOf("int", java.util.Arrays.stream(ids).boxed().toArray()));
            return insert;
        };
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

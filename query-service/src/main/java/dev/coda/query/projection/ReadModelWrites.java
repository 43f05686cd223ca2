package dev.coda.query.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * The projections' writes. Inside a processing batch they are held and sent, in the order they were made,
 * when the batch commits: consecutive runs of the same statement go as one JDBC batch, and consecutive
 * copies into the same table as one {@code COPY}, one round trip instead of one per event. That is what lets
 * a rebuild or a catching-up processor go at the database's pace rather than the network's. Projections only
 * write while they handle events (none reads the read tables back), so holding the writes until the commit
 * changes no outcome. A batch whose held writes reach {@value #EARLY_SEND_ROWS} rows (a rebuild's batch of
 * log batches) sends them early, in the batch's transaction, so that their memory stays bounded; should that
 * fail, the batch fails at its commit as it would have, with that failure. Outside a batch a write runs at once.
 *
 * <p>Rows copied under one {@link Parent} reference it through a foreign key. PostgreSQL checks such a key
 * with a query per row, which doubles the cost of a {@code COPY} of log lines. Where the database user may set
 * {@code session_replication_role} (a superuser, or {@code GRANT SET ON PARAMETER session_replication_role}),
 * the parents are locked once per {@code COPY} the way the key's check locks them ({@code FOR KEY SHARE}), and
 * the per-row checks are skipped for that {@code COPY} alone; otherwise the key checks each row as usual.
 */
@Component
public class ReadModelWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadModelWrites.class);
    private static final String PENDING = ReadModelWrites.class.getName() + ".pending";
    /**
     * Rows a batch holds at most before it sends them: 20 log batches, up to about 20 million characters of
     * messages (1,048,576 per batch), a few megabytes for ordinary lines.
     */
    static final int EARLY_SEND_ROWS = 20_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final boolean parentsCheckedOncePerCopy;

    ReadModelWrites(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.parentsCheckedOncePerCopy = Boolean.TRUE.equals(jdbc.getJdbcTemplate().queryForObject(
                "SELECT has_parameter_privilege('session_replication_role', 'SET')", Boolean.class));
        if (!parentsCheckedOncePerCopy) {
            log.info("Copied rows keep PostgreSQL's foreign-key check per row; GRANT SET ON PARAMETER"
                    + " session_replication_role to this database user to check their parents once per COPY");
        }
    }

    /** A statement with named parameters ({@code :name}); {@link Write#run()} submits it. */
    public Write sql(String sql) {
        return new Write(sql);
    }

    /** A statement that needs the connection itself (arrays, for instance); held like the others. */
    public void run(PreparedStatementCreator statement) {
        submit(new Built(statement));
    }

    /**
     * Rows for {@code COPY target FROM STDIN}, PostgreSQL's fastest way in. COPY cannot skip a row: when the
     * rows conflict with the table (a row already there, a row they reference gone), the copy is undone to a
     * savepoint and each copy's {@code fallback}, a statement that skips such rows, runs instead.
     */
    public void copy(String target, CopyRows rows, PreparedStatementCreator fallback) {
        submit(new Copy(target, rows, null, fallback));
    }

    /** Like {@link #copy}, for rows that all reference {@code parent} through a foreign key. */
    public void copy(String target, CopyRows rows, Parent parent, PreparedStatementCreator fallback) {
        submit(new Copy(target, rows, parent, fallback));
    }

    /** The row that copied rows reference: its table and its {@code id}. */
    public record Parent(String table, UUID id) {
    }

    public final class Write {

        private final String sql;
        private final MapSqlParameterSource parameters = new MapSqlParameterSource();

        private Write(String sql) {
            this.sql = sql;
        }

        public Write param(String name, Object value) {
            parameters.addValue(name, value);
            return this;
        }

        public void run() {
            submit(new Named(sql, parameters));
        }
    }

    /** A held write; consecutive writes of the same kind and statement are sent together. */
    private sealed interface Pending {
        boolean goesWith(Pending other);

        default int rowCount() {
            return 1;
        }
    }

    private record Named(String sql, SqlParameterSource parameters) implements Pending {
        @Override
        public boolean goesWith(Pending other) {
            return other instanceof Named named && sql.equals(named.sql());
        }
    }

    private record Built(PreparedStatementCreator creator) implements Pending {
        @Override
        public boolean goesWith(Pending other) {
            return false;
        }
    }

    private record Copy(String target, CopyRows rows, Parent parent, PreparedStatementCreator fallback) implements Pending {
        @Override
        public boolean goesWith(Pending other) {
            return other instanceof Copy copy && target.equals(copy.target()) && parentTable().equals(copy.parentTable());
        }

        @Override
        public int rowCount() {
            return rows.size();
        }

        String parentTable() {
            return parent == null ? "" : parent.table();
        }
    }

    private void submit(Pending write) {
        if (!CurrentUnitOfWork.isStarted()) {
            flush(List.of(write));
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        Held held = batch.getOrComputeResource(PENDING, key -> {
            Held writes = new Held();
            batch.onPrepareCommit(committing -> writes.commit());
            return writes;
        });
        held.add(write);
    }

    /**
     * A batch's held writes. Sent early, they go under a savepoint: should they fail, the savepoint undoes them
     * and the transaction stays usable for what the processor writes at the commit (its token), and the
     * failure is thrown at the commit, which rolls the whole batch back. Writes after a failure are dropped.
     */
    private final class Held {

        private final List<Pending> writes = new ArrayList<>();
        private int rows;
        private RuntimeException failure;

        void add(Pending write) {
            if (failure != null) {
                return;
            }
            writes.add(write);
            rows += write.rowCount();
            if (rows >= EARLY_SEND_ROWS) {
                sendEarly();
            }
        }

        void commit() {
            if (failure != null) {
                throw failure;
            }
            send();
        }

        private void sendEarly() {
            try {
                jdbc.getJdbcTemplate().execute((ConnectionCallback<Void>) connection -> {
                    Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
                    try {
                        send();
                    } catch (RuntimeException e) {
                        if (savepoint != null) {
                            connection.rollback(savepoint);
                        }
                        throw e;
                    }
                    if (savepoint != null) {
                        connection.releaseSavepoint(savepoint);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                failure = e;
                writes.clear();
            }
        }

        private void send() {
            flush(writes);
            writes.clear();
            rows = 0;
        }
    }

    private void flush(List<Pending> writes) {
        int start = 0;
        while (start < writes.size()) {
            Pending first = writes.get(start);
            int end = start + 1;
            while (end < writes.size() && first.goesWith(writes.get(end))) {
                end++;
            }
            List<Pending> run = writes.subList(start, end);
            if (first instanceof Built built) {
                jdbc.getJdbcTemplate().update(built.creator());
            } else if (first instanceof Copy copy) {
                copyOrFallBack(copy.target(), run.stream().map(Copy.class::cast).toList());
            } else if (run.size() == 1) {
                jdbc.update(((Named) first).sql(), ((Named) first).parameters());
            } else {
                jdbc.batchUpdate(((Named) first).sql(), run.stream()
                        .map(write -> ((Named) write).parameters()).toArray(SqlParameterSource[]::new));
            }
            start = end;
        }
    }

    private void copyOrFallBack(String target, List<Copy> copies) {
        boolean copied = Boolean.TRUE.equals(jdbc.getJdbcTemplate().execute((ConnectionCallback<Boolean>) connection -> {
            Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint(); // alone, COPY is all or nothing
            boolean parentsCheckedOnce = savepoint != null && parentsCheckedOncePerCopy && copies.get(0).parent() != null;
            if (parentsCheckedOnce) {
                if (!lockedAllParents(connection, copies)) {
                    connection.rollback(savepoint);
                    log.debug("COPY {} references a row that is gone; its rows go one statement at a time", target);
                    return false;
                }
                replicationRole(connection, "replica"); // until the COPY is done: no trigger, so no per-row check
            }
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN");
            try {
                for (Copy rows : copies) {
                    byte[] utf8 = rows.rows().utf8();
                    copy.writeToCopy(utf8, 0, utf8.length);
                }
                copy.endCopy();
                if (parentsCheckedOnce) {
                    replicationRole(connection, "origin");
                }
                if (savepoint != null) {
                    connection.releaseSavepoint(savepoint);
                }
                return true;
            } catch (SQLException e) {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
                if (savepoint != null) {
                    connection.rollback(savepoint); // restores the replication role too
                }
                log.debug("COPY {} conflicted; its rows go one statement at a time: {}", target, e.getMessage());
                return false;
            }
        }));
        if (!copied) {
            copies.forEach(copy -> jdbc.getJdbcTemplate().update(copy.fallback()));
        }
    }

    /** Locks the copies' parents as their foreign key's check would; false when one of them is gone. */
    private static boolean lockedAllParents(Connection connection, List<Copy> copies) throws SQLException {
        UUID[] ids = copies.stream().map(copy -> copy.parent().id()).distinct().toArray(UUID[]::new);
        try (PreparedStatement lock = connection.prepareStatement("SELECT count(*) FROM (SELECT FROM "
                + copies.get(0).parentTable() + " WHERE id = ANY (?) FOR KEY SHARE) parents")) {
            lock.setArray(1, connection.createArrayOf("uuid", ids));
            try (ResultSet locked = lock.executeQuery()) {
                return locked.next() && locked.getLong(1) == ids.length;
            }
        }
    }

    private static void replicationRole(Connection connection, String role) throws SQLException {
        try (Statement set = connection.createStatement()) {
            set.execute("SET LOCAL session_replication_role = " + role);
        }
    }
}

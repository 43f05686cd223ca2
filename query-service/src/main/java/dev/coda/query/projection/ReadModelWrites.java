package dev.coda.query.projection;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * The projections' writes. Inside a processing batch they are held and sent, in the order they were made,
 * when the batch commits: consecutive runs of the same statement go as one JDBC batch, one round trip
 * instead of one per event. That is what lets a rebuild or a catching-up processor go at the database's pace
 * rather than the network's. Projections only write while they handle events (none reads the read tables
 * back), so holding the writes until the commit changes no outcome. Outside a batch (a reset handler) a
 * write runs at once.
 */
@Component
public class ReadModelWrites {

    private static final String PENDING = ReadModelWrites.class.getName() + ".pending";

    private final NamedParameterJdbcTemplate jdbc;

    ReadModelWrites(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A statement with named parameters ({@code :name}); {@link Write#run()} submits it. */
    public Write sql(String sql) {
        return new Write(sql);
    }

    /** A statement that needs the connection itself (arrays, for instance); held like the others. */
    public void run(PreparedStatementCreator statement) {
        submit(new Pending(null, null, statement));
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
            submit(new Pending(sql, parameters, null));
        }
    }

    /** A named statement with its parameters, or a statement built on the connection. */
    private record Pending(String sql, SqlParameterSource parameters, PreparedStatementCreator creator) {

        boolean sameStatementAs(Pending other) {
            return sql != null && sql.equals(other.sql());
        }
    }

    private void submit(Pending write) {
        if (!CurrentUnitOfWork.isStarted()) {
            flush(List.of(write));
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        List<Pending> pending = batch.getOrComputeResource(PENDING, key -> {
            List<Pending> writes = new ArrayList<>();
            batch.onPrepareCommit(committing -> flush(writes));
            return writes;
        });
        pending.add(write);
    }

    private void flush(List<Pending> writes) {
        int start = 0;
        while (start < writes.size()) {
            Pending first = writes.get(start);
            int end = start + 1;
            while (end < writes.size() && first.sameStatementAs(writes.get(end))) {
                end++;
            }
            if (first.creator() != null) {
                jdbc.getJdbcTemplate().update(first.creator());
            } else if (end - start == 1) {
                jdbc.update(first.sql(), first.parameters());
            } else {
                jdbc.batchUpdate(first.sql(), writes.subList(start, end).stream()
                        .map(Pending::parameters).toArray(SqlParameterSource[]::new));
            }
            start = end;
        }
    }
}

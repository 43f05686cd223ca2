package dev.coda.query.projection;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.flyway.FlywayProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A second set of the read tables, in schema {@value #SCHEMA}, for a rebuild to project into while the live
 * tables keep serving. The read model's own migrations make it, so it has the live tables' columns, keys,
 * foreign keys and indexes, but not their generated columns. A replay writes into it through {@link #inShadow},
 * which puts the schema first on the search path of each of its transactions: the projections' SQL names
 * tables without a schema. Its tracking tokens stay in {@code public.token_entry}, under
 * {@value #REPLAY_PROCESSOR}.
 *
 * <p>{@link #replaceLive} then writes into the live tables only the rows that differ, and gives each live
 * segment the replay's token, in one transaction. Change data capture therefore publishes what the rebuild
 * changed and nothing else; a rebuild of a read model that was right publishes nothing.
 */
@Component
class ShadowReadModel {

    static final String SCHEMA = "read_model_rebuild";
    static final String REPLAY_PROCESSOR = ReadModel.PROCESSOR + "-rebuild";

    /** The read tables, parents before the children whose foreign keys reference them. */
    private static final List<String> TABLES = List.of("users", "user_email_keys", "accounts", "sessions", "verification_tokens",
            "ideas", "idea_features", "dev_jobs", "dev_logs", "dev_pairings");

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String[] migrations;

    ShadowReadModel(DataSource dataSource, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                    FlywayProperties flyway) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.migrations = flyway.getLocations().toArray(String[]::new);
    }

    /** Empty tables and no replay tokens: whatever an interrupted rebuild left is dropped first. */
    void create() {
        drop();
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).locations(migrations).load().migrate();
        jdbc.execute("DROP TABLE " + SCHEMA + ".token_entry"); // so that token_entry is public's from the shadow too
        // generated columns (the full-text search_vector and its index) serve queries, not the comparison: the live
        // table computes them for the rows that differ, so the replay is spared computing them for every row
        jdbc.query("""
                SELECT quote_ident(c.relname), quote_ident(a.attname) FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND a.attgenerated <> '' AND NOT a.attisdropped""",
                (row, n) -> "ALTER TABLE " + SCHEMA + "." + row.getString(1) + " DROP COLUMN " + row.getString(2), SCHEMA)
                .forEach(jdbc::execute);
    }

    void drop() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", REPLAY_PROCESSOR);
    }

    /** The live processor's segments that an owner other than this instance ({@code claimedHere}) holds. */
    List<Integer> liveSegmentsClaimedElsewhere(Collection<Integer> claimedHere) {
        return jdbc.queryForList("SELECT segment FROM token_entry WHERE processor_name = ? AND owner IS NOT NULL"
                        + " ORDER BY segment", Integer.class, ReadModel.PROCESSOR).stream()
                .filter(segment -> !claimedHere.contains(segment))
                .toList();
    }

    /** {@code transactions}, each with the shadow first on its search path. */
    TransactionManager inShadow(TransactionManager transactions) {
        return () -> {
            Transaction transaction = transactions.startTransaction();
            try {
                jdbc.execute("SET LOCAL search_path TO " + SCHEMA + ", public");
            } catch (RuntimeException notSet) {
                transaction.rollback();
                throw notSet;
            }
            return transaction;
        };
    }

    /**
     * Makes the live tables equal to the shadow's, writing only the rows that differ, and gives each live
     * segment the replay's token, all in one transaction. Both processors must be stopped. Returns the rows
     * written (inserted or updated) and deleted, by table, for the tables that changed.
     *
     * @throws IllegalStateException when another instance still claims a live segment; nothing is changed
     */
    Map<String, Long> replaceLive() {
        return transactions.execute(status -> {
            // every live token is locked, claimed or not, so that no instance can claim one until this commits
            List<String> owners = jdbc.queryForList("SELECT owner FROM token_entry WHERE processor_name = ? FOR UPDATE",
                    String.class, ReadModel.PROCESSOR).stream().filter(Objects::nonNull).toList();
            if (!owners.isEmpty()) {
                throw new IllegalStateException("segments of the read model are claimed by " + owners);
            }
            Map<String, Long> changed = new LinkedHashMap<>();
            for (int child = TABLES.size() - 1; child >= 0; child--) {
                String table = TABLES.get(child);
                changed.merge(table, (long) jdbc.update(deleteRowsNotRebuilt(table, keys(table))), Long::sum);
            }
            for (String table : TABLES) {
                changed.merge(table, (long) jdbc.update(writeRowsThatDiffer(table)), Long::sum);
            }
            changed.values().removeIf(rows -> rows == 0);
            // the replay ran on one segment: each live segment goes on from its position
            jdbc.update("""
                    UPDATE token_entry AS live SET token = replay.token, token_type = replay.token_type,
                        time_stamp = replay.time_stamp, owner = NULL
                    FROM token_entry AS replay
                    WHERE live.processor_name = ? AND replay.processor_name = ? AND replay.segment = 0""",
                    ReadModel.PROCESSOR, REPLAY_PROCESSOR);
            jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", REPLAY_PROCESSOR);
            return changed;
        });
    }

    private static String deleteRowsNotRebuilt(String table, List<String> keys) {
        return "DELETE FROM public." + table + " AS live WHERE NOT EXISTS (SELECT FROM " + SCHEMA + "." + table
                + " AS rebuilt WHERE " + joined(keys, key -> "rebuilt." + key + " = live." + key, " AND ") + ")";
    }

    /** Rows missing from the live table, or whose columns differ; generated columns follow the others. */
    private String writeRowsThatDiffer(String table) {
        List<String> keys = keys(table);
        List<String> columns = columns(table);
        List<String> values = columns.stream().filter(column -> !keys.contains(column)).toList();
        return "INSERT INTO public." + table + " (" + joined(columns, column -> column, ", ") + ")"
                + " SELECT " + joined(columns, column -> "rebuilt." + column, ", ")
                + " FROM " + SCHEMA + "." + table + " AS rebuilt LEFT JOIN public." + table + " AS live ON "
                + joined(keys, key -> "rebuilt." + key + " = live." + key, " AND ")
                + " WHERE live." + keys.get(0) + " IS NULL"
                + " OR ROW(" + joined(values, column -> "rebuilt." + column, ", ") + ")"
                + " IS DISTINCT FROM ROW(" + joined(values, column -> "live." + column, ", ") + ")"
                + " ON CONFLICT (" + joined(keys, key -> key, ", ") + ") DO UPDATE SET "
                + joined(values, column -> column + " = excluded." + column, ", ");
    }

    /** The live table's columns that are written (not generated), quoted, in their order. */
    private List<String> columns(String table) {
        return jdbc.queryForList("""
                SELECT quote_ident(attname) FROM pg_attribute
                WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
                ORDER BY attnum""", String.class, "public." + table);
    }

    /** The live table's primary key columns, quoted. */
    private List<String> keys(String table) {
        return jdbc.queryForList("""
                SELECT quote_ident(a.attname) FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indrelid = ?::regclass AND i.indisprimary
                ORDER BY a.attnum""", String.class, "public." + table);
    }

    private static String joined(List<String> columns, Function<String, String> each, String separator) {
        return columns.stream().map(each).collect(Collectors.joining(separator));
    }
}

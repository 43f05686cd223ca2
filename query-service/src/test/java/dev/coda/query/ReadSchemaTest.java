package dev.coda.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read schema that Flyway builds is the seed's, table by table: columns with types, nullability and
 * defaults, keys, foreign keys with their delete rules, unique and check constraints, every index with its
 * columns and partial predicate, and the replica identity CDC relies on. The expected text in
 * {@code seed-read-schema.txt} is written from the seed document, not generated.
 */
class ReadSchemaTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("read_schema");

    @BeforeAll
    static void migrate() {
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/read")
                .load()
                .migrate();
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void theReadSchemaIsTheSeedsSchemaTableByTable() throws Exception {
        List<String> actual = describeSchema();

        assertThat(actual).containsExactlyElementsOf(expected());
    }

    private static List<String> expected() throws IOException {
        try (InputStream in = ReadSchemaTest.class.getResourceAsStream("/seed-read-schema.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        }
    }

    private static List<String> describeSchema() throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("""
                    SELECT c.relname, c.relreplident FROM pg_class c
                    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                      AND c.relname NOT IN ('flyway_schema_history', 'token_entry')
                    ORDER BY c.relname""")) {
                while (rows.next()) {
                    tables.add(rows.getString(1) + (rows.getString(2).equals("f") ? " replica identity full" : ""));
                }
            }
            for (String table : tables) {
                String name = table.split(" ")[0];
                lines.add("table " + table);
                query(statement, """
                        SELECT '  column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                               || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                               || CASE WHEN a.attgenerated = 's' THEN ' generated ' || pg_get_expr(d.adbin, d.adrelid)
                                       WHEN d.adbin IS NOT NULL THEN ' default ' || pg_get_expr(d.adbin, d.adrelid)
                                       ELSE '' END
                        FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                        WHERE a.attrelid = 'public.%1$s'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                        ORDER BY a.attnum""".formatted(name), lines);
                query(statement, """
                        SELECT '  constraint ' || conname || ' ' || pg_get_constraintdef(oid)
                        FROM pg_constraint WHERE conrelid = 'public.%1$s'::regclass ORDER BY conname""".formatted(name), lines);
                query(statement, """
                        SELECT '  index ' || indexdef FROM pg_indexes
                        WHERE schemaname = 'public' AND tablename = '%1$s' ORDER BY indexname""".formatted(name), lines);
            }
        }
        return lines;
    }

    private static void query(Statement statement, String sql, List<String> lines) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
    }
}

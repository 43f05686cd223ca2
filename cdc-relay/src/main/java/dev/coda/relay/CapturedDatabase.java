package dev.coda.relay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The relay's own plain-JDBC access to the captured database: the heartbeat table it writes to, whether the
 * captured tables exist yet, and the replication slot's lag as the gauge {@code coda.relay.slot.lag} (WAL bytes the slot still holds back).
 */
@Component
class CapturedDatabase {

    private final RelayProperties relay;

    CapturedDatabase(RelayProperties relay, MeterRegistry registry) {
        this.relay = relay;
        Gauge.builder("coda.relay.slot.lag", this, CapturedDatabase::slotLagBytes)
                .description("pg_current_wal_lsn() - confirmed_flush_lsn of the relay's replication slot")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Creates the table that heartbeat.action.query writes to, so an idle publication still moves the slot. */
    void ensureHeartbeatTable() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS public.cdc_heartbeat (id int PRIMARY KEY, beat_at timestamptz)");
        }
    }

    /**
     * The entries of {@code capturedTables} (schema.table, read as Debezium reads them: patterns, in any case) that
     * name no table of the database yet.
     */
    List<String> missing(List<String> capturedTables) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return capturedTables.stream()
                .filter(captured -> {
                    Pattern pattern = Pattern.compile(captured, Pattern.CASE_INSENSITIVE);
                    return tables.stream().noneMatch(table -> pattern.matcher(table).matches());
                })
                .toList();
    }

    /** NaN while the slot does not exist or the database cannot be reached. */
    double slotLagBytes() {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)
                     FROM pg_replication_slots WHERE slot_name = ?""")) {
            query.setString(1, relay.slotName());
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getObject(1) != null ? row.getDouble(1) : Double.NaN;
            }
        } catch (SQLException e) {
            return Double.NaN;
        }
    }

    private Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(relay.database().jdbcUrl(), relay.database().user(), relay.database().password());
    }
}

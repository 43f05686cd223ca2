package dev.coda.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmarks' raw baseline for storing a command: appends as the event store makes them, without the system
 * around it. One INSERT per transaction into {@code raw_appends}, a copy of the event store's table (same unique
 * constraints), with the payload of a real create-idea event, on a connection per client, each client's
 * aggregate and sequence unique.
 */
final class RawAppends implements AutoCloseable {

    /** The client of {@link #paced}: none of the callers' clients. */
    private static final int PACED_CLIENT = -1;

    private final CodaSystem system;
    private final String payload;
    private final String run = UUID.randomUUID().toString();
    private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();

    private RawAppends(CodaSystem system, String payload) {
        this.system = system;
        this.payload = payload;
    }

    /** Raw appends into {@code system}'s database, which must hold a create-idea event already. */
    static RawAppends into(CodaSystem system) throws SQLException {
        system.execute("CREATE TABLE IF NOT EXISTS raw_appends (LIKE eventstore.domain_event_entry INCLUDING ALL)");
        String payload = system.select(
                "SELECT payload FROM eventstore.domain_event_entry WHERE payload_type LIKE '%IdeaCreated' LIMIT 1").get(0);
        return new RawAppends(system, payload);
    }

    /** Client {@code client}'s append number {@code sequence}, committed when this returns. */
    void append(int client, int sequence) throws SQLException {
        Connection connection = connections.get(client);
        if (connection == null) {
            connection = system.database.connect();
            connections.put(client, connection);
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO raw_appends (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                         payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, ?, 'IdeaBoard', now()::text, 'dev.coda.contracts.ideas.IdeaEvent$IdeaCreated', '1', ?, '{}')""")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, run + ":" + client);
            insert.setLong(3, sequence);
            insert.setString(4, payload);
            insert.executeUpdate();
        }
    }

    /**
     * {@code count} appends by a client of their own, on a thread of their own, one due every {@code 1/perSecond}
     * s from {@code start} ({@link System#nanoTime()}): each one's latency from when it was due, so that an append
     * that stalls also counts against those it held up.
     */
    Future<long[]> paced(int perSecond, long start, int count) {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        FutureTask<long[]> appends = new FutureTask<>(() -> {
            long[] latencies = new long[count];
            for (int sequence = 0; sequence < count; sequence++) {
                long due = start + sequence * interval;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime()); // the rate's schedule, not a synchronization
                }
                append(PACED_CLIENT, sequence);
                latencies[sequence] = System.nanoTime() - due;
            }
            return latencies;
        });
        Thread thread = new Thread(appends, "raw-appends");
        thread.setDaemon(true);
        thread.start();
        return appends;
    }

    @Override
    public void close() throws SQLException {
        for (Connection connection : connections.values()) {
            connection.close();
        }
    }
}

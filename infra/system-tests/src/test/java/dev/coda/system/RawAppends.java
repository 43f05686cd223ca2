package dev.coda.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

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
    private final List<Thread> pacedThreads = new CopyOnWriteArrayList<>();

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
        try (PreparedStatement insert = connectionOf(client).prepareStatement("""
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

    private Connection connectionOf(int client) throws SQLException {
        Connection connection = connections.get(client);
        if (connection == null) { // each client is one thread: no other one opens its connection
            connection = system.database.connect();
            connections.put(client, connection);
        }
        return connection;
    }

    /**
     * {@code count} appends by a client of their own on a thread of their own, on {@code schedule}: each one's
     * latency from when it was due. Closing these raw appends stops them.
     */
    Future<long[]> paced(Schedule schedule, int count) {
        FutureTask<long[]> appends = new FutureTask<>(() -> {
            long[] latencies = new long[count];
            for (int sequence = 0; sequence < count && !Thread.currentThread().isInterrupted(); sequence++) {
                long due = schedule.awaitDue(sequence);
                append(PACED_CLIENT, sequence);
                latencies[sequence] = System.nanoTime() - due;
            }
            return latencies;
        });
        Thread thread = new Thread(appends, "raw-appends");
        thread.setDaemon(true);
        thread.start();
        pacedThreads.add(thread);
        return appends;
    }

    /** Stops the paced appends, then closes every client's connection. */
    @Override
    public void close() throws Exception {
        for (Thread thread : pacedThreads) {
            thread.interrupt();
            thread.join();
        }
        SQLException failure = null;
        for (Connection connection : connections.values()) {
            try {
                connection.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

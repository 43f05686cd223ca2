package dev.coda.system;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes the system tests start (the services, a Kafka Connect worker, {@code pg_recvlogical}, the
 * runner), counted from their start to their exit. When the test JVM exits with some still running (a run cut
 * short: Maven stopped, a benchmark interrupted), they are killed with it, their own children too, instead of
 * being left behind holding their database, its replication slot and their ports.
 */
final class ChildProcesses {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }), "stop-child-processes"));
    }

    private ChildProcesses() {
    }

    /** Starts {@code builder}'s process, killed with the test JVM if it is still running then. */
    static Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        return process;
    }
}

package dev.coda.system;

import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka Connect worker (distributed mode) running the relay's connector file, through
 * {@code infra/kafka-connect/run serve}: the same connector, with the settings given on top.
 */
final class ConnectWorker implements AutoCloseable {

    private final Process process;
    private final StringBuilder output = new StringBuilder();

    private ConnectWorker(Process process) {
        this.process = process;
    }

    /** Starts the worker and returns once the connector's task runs and its slot exists. */
    static ConnectWorker start(TestDatabase database, String prefix, String tables, List<String> settings,
                               Duration timeout) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                TestInfrastructure.projectRoot().resolve("infra/kafka-connect/run").toString(),
                "serve", database.name(), prefix, tables));
        command.addAll(settings);
        var server = database.server();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "CODA_PG_HOST", server.host(), "CODA_PG_PORT", Integer.toString(server.port()),
                "CODA_PG_USER", server.user(), "CODA_PG_PASSWORD", server.password(),
                "CODA_KAFKA_BOOTSTRAP", TestInfrastructure.kafkaBootstrapServers(),
                "CONNECT_PORT", Integer.toString(freePort())));
        ConnectWorker worker = new ConnectWorker(ChildProcesses.start(builder));
        CompletableFuture<Boolean> running = CompletableFuture.supplyAsync(worker::readUntilRunning);
        if (!running.get(timeout.toSeconds(), TimeUnit.SECONDS)) {
            worker.close();
            throw new IllegalStateException("the Kafka Connect worker did not run the connector:\n" + worker.output);
        }
        return worker;
    }

    /** Reads the script's output until it says RUNNING (true) or ends (false); keeps draining it afterwards. */
    private boolean readUntilRunning() {
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.equals("RUNNING")) {
                    CompletableFuture.runAsync(() -> lines.lines().forEach(rest -> { }));
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * SIGTERM: the script stops the worker (which keeps its slot and offsets) and exits. If it has not within a
     * minute, the worker is killed with it: a worker left running stays in its group, and the next worker of
     * that group forwards its requests to it for as long as it lives.
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> worker = process.descendants().toList(); // before the script ends and its children move
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            worker.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

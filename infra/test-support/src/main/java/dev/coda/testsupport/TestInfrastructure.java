package dev.coda.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one place tests get PostgreSQL and Kafka from (see {@link InfrastructureMode}). Locally, the servers
 * named by {@code CODA_PG_*} and {@code CODA_KAFKA_BOOTSTRAP} are used, started by {@code infra/coda infra}
 * when they are not running yet. Servers are shared by every test of a JVM; databases are not.
 */
public final class TestInfrastructure {

    private static final Duration START_DEADLINE = Duration.ofMinutes(3);

    private static PostgresServer postgres;
    private static String kafkaBootstrap;

    private TestInfrastructure() {
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = switch (InfrastructureMode.select(System.getenv())) {
                case LOCAL -> localPostgres(System.getenv());
                case TESTCONTAINERS -> containerPostgres();
            };
            postgres.dropStaleTestDatabases();
        }
        return postgres;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrap == null) {
            kafkaBootstrap = switch (InfrastructureMode.select(System.getenv())) {
                case LOCAL -> localKafka(System.getenv());
                case TESTCONTAINERS -> containerKafka();
            };
        }
        return kafkaBootstrap;
    }

    static PostgresServer localPostgres(Map<String, String> env) {
        PostgresServer server = new PostgresServer(
                env.getOrDefault("CODA_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("CODA_PG_PORT", "55432")),
                env.getOrDefault("CODA_PG_USER", "coda"),
                env.getOrDefault("CODA_PG_PASSWORD", "coda"));
        ensureListening(server.host(), server.port());
        return server;
    }

    static String localKafka(Map<String, String> env) {
        String bootstrap = env.getOrDefault("CODA_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
        String[] hostPort = bootstrap.split(",")[0].split(":");
        ensureListening(hostPort[0], Integer.parseInt(hostPort[1]));
        return bootstrap;
    }

    /** Starts the local infrastructure with the project's own script when nothing listens yet. */
    private static void ensureListening(String host, int port) {
        if (listening(host, port)) {
            return;
        }
        Path script = projectRoot().resolve("infra/coda");
        try {
            Process process = new ProcessBuilder(script.toString(), "infra").inheritIO().start();
            if (!process.waitFor(START_DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                    || process.exitValue() != 0 || !listening(host, port)) {
                throw new IllegalStateException("'" + script + " infra' did not bring up " + host + ":" + port
                        + "; see the logs under .coda/logs");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the local infrastructure", e);
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The repository root: the nearest directory upwards that holds {@code infra/coda}. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("infra/coda"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No infra/coda above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static PostgresServer containerPostgres() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:16"))
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "timezone=UTC");
        container.start();
        return new PostgresServer(container.getHost(), container.getFirstMappedPort(),
                container.getUsername(), container.getPassword());
    }

    private static String containerKafka() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse("apache/kafka:4.0.0"));
        container.start();
        return container.getBootstrapServers();
    }
}

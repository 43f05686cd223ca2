package dev.coda.testsupport;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka topics of one test: every topic whose name holds its prefix (a relay's table topics, events and
 * offsets, its heartbeats, a Kafka Connect worker's own topics). Closing deletes them, as closing a
 * {@link TestDatabase} drops its database: the local broker is shared by every run, and kept every run's
 * records until this existed.
 */
public record TestTopics(String prefix) implements AutoCloseable {

    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    /** Topics under a new prefix, {@code kind} and a random suffix: no two tests or runs share a topic. */
    public static TestTopics create(String kind) {
        return new TestTopics(kind + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The names of the topics that exist now under this prefix, sorted. */
    public List<String> names() {
        try (Admin admin = admin()) {
            return names(admin);
        }
    }

    @Override
    public void close() {
        try (Admin admin = admin()) {
            admin.deleteTopics(names(admin)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot delete the topics under " + prefix, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while deleting the topics under " + prefix, e);
        }
    }

    private List<String> names(Admin admin) {
        try {
            return admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(name -> name.contains(prefix))
                    .sorted()
                    .toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot list the topics under " + prefix, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing the topics under " + prefix, e);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()));
    }
}

package dev.coda.relay;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.JsonByteArray;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Runs the Debezium engine and hands each batch of change events to Kafka. A batch's offsets are marked
 * processed only after Kafka acknowledged every record of it (acks=all, idempotent producer), so a crash
 * anywhere replays changes rather than losing them: at least once. Keys and values stay the converter's
 * UTF-8 bytes from Debezium to the producer: no String is made of a change on the way.
 * <p>
 * Each start of the engine first makes sure of the heartbeat table and of the topics with their settings
 * ({@link TopicConfiguration}). Spring makes the topics once when the relay starts, and only logs a failure: a
 * relay started while Kafka was away would otherwise have published into topics the broker made itself on the
 * first record, with its defaults (no compaction, events deleted after a week, records of at most 1 MiB).
 */
@Component
class ChangeRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeRelay.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_RETRY = Duration.ofMillis(100);

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final Properties connectorConfig;
    private final RelayProperties properties;
    private final AtomicReference<DebeziumEngine<ChangeEvent<byte[], byte[]>>> engine = new AtomicReference<>();
    private final RelayStatus status;
    private final CapturedDatabase database;
    private final KafkaAdmin topics;
    /** The topics the relay made, the only ones it sends to ({@link TopicConfiguration}). */
    private final Set<String> publishedTopics;
    private volatile boolean running;
    private Thread worker;

    ChangeRelay(KafkaTemplate<byte[], byte[]> kafka, RelayProperties properties, RelayStatus status,
                CapturedDatabase database, KafkaAdmin topics, KafkaProperties kafkaProperties) {
        this.kafka = kafka;
        this.properties = properties;
        this.status = status;
        this.database = database;
        this.topics = topics;
        this.publishedTopics = TopicConfiguration.topics(properties).stream().map(NewTopic::name).collect(Collectors.toSet());
        this.connectorConfig = ConnectorConfiguration.of(properties,
                String.join(",", kafkaProperties.getBootstrapServers()));
    }

    @Override
    public void start() {
        running = true;
        worker = new Thread(this::runUntilStopped, "cdc-relay-engine");
        worker.start();
    }

    /** Runs the engine; when it stops on an error, waits and starts it again from the committed offsets. */
    private void runUntilStopped() {
        while (running) {
            if (prepared()) {
                runEngine();
            }
            if (running) {
                log.warn("Debezium engine stopped; restarting in {}", properties.restartBackoff());
                try {
                    Thread.sleep(properties.restartBackoff().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Whether the topics' partitions, the captured tables, the heartbeat table and the topics are as the engine needs
     * them; a failure is reported. A table missing yet (the relay started before the services' migrations) is waited
     * for: the publication would be made without it, and its changes until the next start would never be published,
     * nor its rows by a snapshot, since the first start's snapshot is the only one.
     */
    private boolean prepared() {
        try {
            List<String> mismatches = TopicConfiguration.partitionMismatches(topics, properties);
            if (!mismatches.isEmpty()) {
                status.engineStopped(false, String.join("; ", mismatches), null);
                return false;
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            status.engineStopped(false, "Cannot describe the topics: " + e.getMessage(), e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            List<String> missing = database.missing(properties.capturedTables());
            if (!missing.isEmpty()) {
                status.engineStopped(false, "Waiting for " + String.join(", ", missing) + " to exist (the services'"
                        + " migrations make them); nothing is captured before", null);
                return false;
            }
            // only now: a table of the relay's own in the read schema before its first migration would stop that
            // migration (Flyway does not migrate a schema that holds tables but no history of its own)
            database.ensureHeartbeatTable();
        } catch (SQLException e) {
            status.engineStopped(false, "Cannot list the database's tables or create public.cdc_heartbeat: "
                    + e.getMessage(), e);
            return false;
        }
        try {
            return topics.initialize(); // false only when interrupted: the relay is stopping
        } catch (IllegalStateException e) {
            status.engineStopped(false, "Cannot create or configure the topics: " + e.getMessage(), e.getCause());
            return false;
        }
    }

    private void runEngine() {
        DebeziumEngine<ChangeEvent<byte[], byte[]>> current = DebeziumEngine.create(JsonByteArray.class)
                .using(connectorConfig)
                .using((success, message, error) -> status.engineStopped(success, message, error))
                .using(status) // healthy once the engine polls, not while it connects
                .notifying(this::publish)
                .build();
        engine.set(current);
        try {
            if (running) { // stop() may have come while the heartbeat table and topics were made
                current.run();
            }
        } finally {
            engine.set(null);
        }
    }

    private void publish(List<ChangeEvent<byte[], byte[]>> batch,
                         DebeziumEngine.RecordCommitter<ChangeEvent<byte[], byte[]>> committer) throws InterruptedException {
        // heartbeat records only carry the source position: committing their offsets is their whole purpose
        List<ChangeEvent<byte[], byte[]>> changes = batch.stream()
                .filter(change -> !change.destination().equals(properties.heartbeatTopic()))
                .toList();
        for (ChangeEvent<byte[], byte[]> change : changes) {
            if (!publishedTopics.contains(change.destination())) {
                // a record the configuration did not foresee (the event store's raw rows, say, when its table is
                // written as a pattern): it may hold what the topics it was meant for leave out, so nothing is sent
                throw new IllegalStateException("A change is bound for " + change.destination() + ", not one of the"
                        + " relay's topics " + publishedTopics + "; check coda.relay.tables and event-store-table");
            }
        }
        List<CompletableFuture<SendResult<byte[], byte[]>>> sends = changes.stream()
                .map(change -> kafka.send(change.destination(), change.key(), change.value())
                        .whenComplete((sent, failed) -> {
                            if (failed == null) {
                                status.acknowledged(); // a long batch of large records is progress too
                            }
                        }))
                .toList();
        for (CompletableFuture<SendResult<byte[], byte[]>> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                status.kafkaFailed(e.getCause());
                throw new IllegalStateException("Kafka did not acknowledge a change; the batch will be replayed", e.getCause());
            }
        }
        for (ChangeEvent<byte[], byte[]> change : batch) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
        status.published(changes.size(), lastChangeEnvelope(changes));
    }

    /** The value of the batch's newest change envelope: not a tombstone, nor a domain event (neither has a source). */
    private byte[] lastChangeEnvelope(List<ChangeEvent<byte[], byte[]>> changes) {
        for (int i = changes.size() - 1; i >= 0; i--) {
            ChangeEvent<byte[], byte[]> change = changes.get(i);
            if (change.value() != null && !change.destination().equals(properties.eventsTopic())) {
                return change.value();
            }
        }
        return null;
    }

    /**
     * Stops the engine, which commits the offsets of what Kafka acknowledged, and waits for it. Between two
     * engines (making the table and topics, or waiting to restart) the worker is interrupted instead. An engine
     * still starting its task refuses to close: it is asked again until it runs, so that it stops with a commit.
     */
    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        if (!closeEngine(deadline) && worker != null) {
            worker.interrupt(); // between engines: making the table and topics, or waiting to restart
        }
        if (worker != null) {
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the engine, asking again while it is still starting; false when no engine runs. */
    private boolean closeEngine(long deadline) {
        for (DebeziumEngine<ChangeEvent<byte[], byte[]>> current = engine.get(); current != null; current = engine.get()) {
            try {
                current.close();
                return true;
            } catch (IOException e) {
                log.warn("Closing the Debezium engine failed", e);
                return true;
            } catch (IllegalStateException starting) {
                if (System.nanoTime() - deadline >= 0) {
                    log.warn("The Debezium engine did not finish starting in {}; it stops with the JVM", STOP_TIMEOUT, starting);
                    return true;
                }
                LockSupport.parkNanos(CLOSE_RETRY.toNanos());
            }
        }
        return false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

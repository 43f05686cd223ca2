package dev.coda.relay;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.JsonByteArray;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Runs the Debezium engine and hands each batch of change events to Kafka. A batch's offsets are marked
 * processed only after Kafka acknowledged every record of it (acks=all, idempotent producer), so a crash
 * anywhere replays changes rather than losing them: at least once. Keys and values stay the converter's
 * UTF-8 bytes from Debezium to the producer: no String is made of a change on the way.
 */
@Component
class ChangeRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeRelay.class);

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final Properties connectorConfig;
    private final RelayProperties properties;
    private final AtomicReference<DebeziumEngine<ChangeEvent<byte[], byte[]>>> engine = new AtomicReference<>();
    private final RelayStatus status;
    private final CapturedDatabase database;
    private volatile boolean running;
    private Thread worker;

    ChangeRelay(KafkaTemplate<byte[], byte[]> kafka, RelayProperties properties, RelayStatus status,
                CapturedDatabase database, KafkaProperties kafkaProperties) {
        this.kafka = kafka;
        this.properties = properties;
        this.status = status;
        this.database = database;
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
            try {
                database.ensureHeartbeatTable();
                runEngine();
            } catch (SQLException e) {
                status.engineStopped(false, "Cannot create public.cdc_heartbeat: " + e.getMessage(), e);
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

    private void runEngine() {
        DebeziumEngine<ChangeEvent<byte[], byte[]>> current = DebeziumEngine.create(JsonByteArray.class)
                .using(connectorConfig)
                .using((success, message, error) -> status.engineStopped(success, message, error))
                .notifying(this::publish)
                .build();
        engine.set(current);
        if (running) { // stop() may have come while the heartbeat table was being created
            status.engineStarted();
            current.run();
        }
    }

    private void publish(List<ChangeEvent<byte[], byte[]>> batch,
                         DebeziumEngine.RecordCommitter<ChangeEvent<byte[], byte[]>> committer) throws InterruptedException {
        // heartbeat records only carry the source position: committing their offsets is their whole purpose
        List<ChangeEvent<byte[], byte[]>> changes = batch.stream()
                .filter(change -> !change.destination().equals(properties.heartbeatTopic()))
                .toList();
        List<CompletableFuture<SendResult<byte[], byte[]>>> sends = changes.stream()
                .map(change -> kafka.send(change.destination(), change.key(), change.value()))
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
        status.published(changes.size(), changes.isEmpty() ? null : changes.get(changes.size() - 1).value());
    }

    @Override
    public void stop() {
        running = false;
        DebeziumEngine<ChangeEvent<byte[], byte[]>> current = engine.get();
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                log.warn("Closing the Debezium engine failed", e);
            }
        }
        if (worker != null) {
            try {
                worker.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

package dev.coda.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The engine's state as Actuator health (UP only while the engine polls its connector's task and Kafka takes its
 * batches: DOWN while it connects, restarts or stands still, after a failure until a batch is acknowledged again (an
 * engine that fails on every start is never UP between two), and once Kafka acknowledged no record and no batch for
 * three heartbeat intervals, since Debezium's heartbeat makes a batch at least every interval: a lost database
 * connection, which the engine retries without end while it still counts as polling, or a broker that answers but
 * takes nothing) and as metrics: records published (a counter, so records/s is its rate), the last published
 * change's source LSN and commit time, and its end-to-end lag (Kafka's acknowledgement minus the source commit).
 */
@Component("relay")
class RelayStatus implements HealthIndicator, DebeziumEngine.ConnectorCallback {

    private static final Logger log = LoggerFactory.getLogger(RelayStatus.class);
    private static final ObjectMapper json = new ObjectMapper();

    private final Counter published;
    private final AtomicLong sourceLsn = new AtomicLong();
    private final AtomicLong sourceCommittedAt = new AtomicLong();
    private final AtomicLong endToEndLag = new AtomicLong();
    private final LongSupplier nanoTime;
    private final long staleAfterNanos;
    private volatile boolean engineRunning;
    /** When the engine began polling, or Kafka last acknowledged a record or a batch (heartbeats only, too). */
    private volatile long lastBatchNanos;
    private volatile String lastError;
    /** Whether the engine failed and has not had a batch acknowledged since: its restart alone proves nothing. */
    private volatile boolean failedSinceLastBatch;

    @Autowired
    RelayStatus(MeterRegistry registry, RelayProperties properties) {
        this(registry, properties.heartbeatInterval(), System::nanoTime);
    }

    RelayStatus(MeterRegistry registry, Duration heartbeatInterval, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.staleAfterNanos = heartbeatInterval.multipliedBy(3).toNanos();
        this.published = Counter.builder("coda.relay.records.published")
                .description("Change records acknowledged by Kafka")
                .register(registry);
        Gauge.builder("coda.relay.source.lsn", sourceLsn, AtomicLong::get)
                .description("source.lsn of the last published change")
                .register(registry);
        Gauge.builder("coda.relay.source.commit.time", sourceCommittedAt, AtomicLong::get)
                .description("source.ts_ms of the last published change: when its transaction committed")
                .baseUnit("milliseconds")
                .register(registry);
        Gauge.builder("coda.relay.end.to.end.lag", endToEndLag, AtomicLong::get)
                .description("Kafka's acknowledgement of the last published change minus its source commit")
                .baseUnit("milliseconds")
                .register(registry);
    }

    @Override
    public void pollingStarted() {
        lastBatchNanos = nanoTime.getAsLong();
        engineRunning = true;
    }

    @Override
    public void pollingStopped() {
        engineRunning = false;
    }

    void engineStopped(boolean success, String message, Throwable error) {
        engineRunning = false;
        if (!success) {
            lastError = message;
            failedSinceLastBatch = true;
            log.error("Debezium engine stopped: {}", message, error);
        }
    }

    void kafkaFailed(Throwable error) {
        lastError = "Kafka: " + error.getMessage();
    }

    /** Kafka acknowledged a record of the batch being sent. */
    void acknowledged() {
        lastBatchNanos = nanoTime.getAsLong();
    }

    /**
     * Counts a batch Kafka acknowledged; {@code lastChange}, the value of its newest change envelope (null if it
     * has none: only heartbeats, domain events or tombstones), sets the gauges.
     */
    void published(int records, byte[] lastChange) {
        lastBatchNanos = nanoTime.getAsLong();
        failedSinceLastBatch = false;
        published.increment(records);
        if (lastChange == null) {
            return;
        }
        try {
            JsonNode source = json.readTree(lastChange).path("source");
            if (source.has("lsn") && source.has("ts_ms")) {
                sourceLsn.set(source.get("lsn").asLong());
                sourceCommittedAt.set(source.get("ts_ms").asLong());
                endToEndLag.set(System.currentTimeMillis() - source.get("ts_ms").asLong());
            }
        } catch (Exception unreadable) {
            log.debug("Cannot read the source of a published change", unreadable);
        }
    }

    @Override
    public Health health() {
        long sinceLastBatch = nanoTime.getAsLong() - lastBatchNanos;
        boolean stale = sinceLastBatch > staleAfterNanos;
        Health.Builder health = engineRunning && !stale && !failedSinceLastBatch ? Health.up() : Health.down();
        if (engineRunning && stale) {
            health.withDetail("stalled", "nothing acknowledged by Kafka for "
                    + TimeUnit.NANOSECONDS.toSeconds(sinceLastBatch) + " s, heartbeats included");
        } else if (engineRunning && failedSinceLastBatch) {
            health.withDetail("restarted", "no batch acknowledged since the engine failed");
        }
        if (lastError != null) {
            health.withDetail("lastError", lastError);
        }
        return health.withDetail("recordsPublished", (long) published.count())
                .withDetail("sourceLsn", sourceLsn.get())
                .build();
    }
}

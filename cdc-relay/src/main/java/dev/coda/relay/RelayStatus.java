package dev.coda.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The engine's state as Actuator health (DOWN while the engine is not running) and as metrics. */
@Component("relay")
class RelayStatus implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(RelayStatus.class);

    private final Counter published;
    private volatile boolean engineRunning;
    private volatile String lastError;

    RelayStatus(MeterRegistry registry) {
        this.published = Counter.builder("coda.relay.records.published")
                .description("Change records acknowledged by Kafka")
                .register(registry);
    }

    void engineStarted() {
        engineRunning = true;
    }

    void engineStopped(boolean success, String message, Throwable error) {
        engineRunning = false;
        if (!success) {
            lastError = message;
            log.error("Debezium engine stopped: {}", message, error);
        }
    }

    void kafkaFailed(Throwable error) {
        lastError = "Kafka: " + error.getMessage();
    }

    void published(int records) {
        published.increment(records);
    }

    @Override
    public Health health() {
        Health.Builder health = engineRunning ? Health.up() : Health.down();
        if (lastError != null) {
            health.withDetail("lastError", lastError);
        }
        return health.withDetail("recordsPublished", (long) published.count()).build();
    }
}

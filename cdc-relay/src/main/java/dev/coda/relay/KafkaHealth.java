package dev.coda.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Kafka as Actuator health: DOWN when the cluster does not answer a describe-cluster call within a short
 * timeout. The answer is cached briefly, so frequent health polls do not each wait on an unreachable broker.
 */
@Component("kafka")
class KafkaHealth implements HealthIndicator, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CACHED_FOR = Duration.ofSeconds(5);

    private final Admin admin;
    private Health cached;
    private Instant checkedAt = Instant.MIN;

    KafkaHealth(KafkaAdmin kafkaAdmin) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "cdc-relay-health");
        this.admin = Admin.create(config);
    }

    @Override
    public synchronized Health health() {
        if (cached == null || Instant.now().isAfter(checkedAt.plus(CACHED_FOR))) {
            cached = probe();
            checkedAt = Instant.now();
        }
        return cached;
    }

    private Health probe() {
        try {
            String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .clusterId().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            return Health.up().withDetail("clusterId", clusterId).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down(e).build();
        } catch (Exception e) {
            return Health.down().withDetail("error", "Kafka did not answer within " + TIMEOUT + ": " + e).build();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}

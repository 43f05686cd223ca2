package dev.coda.query.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.OptionalLong;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the read model is behind the event store, as Prometheus gauges read at each scrape:
 * {@code coda.read_model.lag.events} (events appended that the slowest segment has not handled yet) and
 * {@code coda.read_model.lag} in milliseconds (age of the oldest of them; 0 when caught up).
 */
@Component
class ProjectionLag {

    private final ProjectionProgress progress;
    private final JdbcClient jdbc;

    ProjectionLag(ProjectionProgress progress, JdbcClient jdbc, MeterRegistry registry) {
        this.progress = progress;
        this.jdbc = jdbc;
        Gauge.builder("coda.read_model.lag.events", this, ProjectionLag::events)
                .description("Events in the event store that the read model's slowest segment has not handled yet")
                .tag("processor", ReadModel.PROCESSOR)
                .register(registry);
        Gauge.builder("coda.read_model.lag", this, ProjectionLag::millis)
                .description("Age of the oldest event the read model has not handled yet; 0 when caught up")
                .baseUnit("milliseconds")
                .tag("processor", ReadModel.PROCESSOR)
                .register(registry);
    }

    private double events() {
        OptionalLong position = slowestPosition();
        if (position.isEmpty()) {
            return Double.NaN;
        }
        // global indexes start at 1: a segment that handled none (position -1, no token yet) is at 0
        return Math.max(0, progress.headIndex() - Math.max(0, position.getAsLong()));
    }

    private double millis() {
        OptionalLong position = slowestPosition();
        if (position.isEmpty()) {
            return Double.NaN;
        }
        return jdbc.sql("""
                        SELECT time_stamp FROM eventstore.domain_event_entry
                        WHERE global_index > :position ORDER BY global_index LIMIT 1""")
                .param("position", position.getAsLong())
                .query(String.class)
                .optional()
                .map(oldest -> (double) Math.max(0, System.currentTimeMillis() - Instant.parse(oldest).toEpochMilli()))
                .orElse(0.0);
    }

    /** The lowest position among this instance's segments; empty while it has claimed none. */
    private OptionalLong slowestPosition() {
        return progress.liveStatus().values().stream()
                .map(EventTrackerStatus::getTrackingToken)
                .mapToLong(ProjectionLag::position)
                .min();
    }

    private static long position(TrackingToken token) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        return current == null ? -1 : current.position().orElse(-1);
    }
}

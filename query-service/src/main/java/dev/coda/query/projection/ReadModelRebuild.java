package dev.coda.query.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the read tables from the event store, as an operator asks through Actuator ({@code POST
 * /actuator/rebuild}, admin scope): the read-model processor stops, its reset handlers empty the tables, and
 * it replays every event from the first. While it runs, {@code GET /actuator/rebuild} and a log line every
 * {@value #LOG_EVERY_SECONDS} s tell how far it is (percent, events per second, time left). Queries that carry a
 * consistency token wait for the replay to pass it, as they wait for a live processor.
 */
@Component
@Endpoint(id = "rebuild")
public class ReadModelRebuild implements DisposableBean {

    /** How far a rebuild is: {@code state} is {@code idle} (none since start), {@code running} or {@code completed}. */
    public record Progress(String state, Instant startedAt, Instant completedAt, long events, long projected,
                           double percent, double eventsPerSecond, Long secondsLeft) {
    }

    private record Run(Instant startedAt, long target) {
    }

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    private static final long LOG_EVERY_SECONDS = 5;
    /** How often a running rebuild is looked at, so that its end is noticed (and timed) within this. */
    private static final long WATCH_MILLIS = 200;
    private static final int CONFLICT = 409;
    private static final Progress IDLE = new Progress("idle", null, null, 0, 0, 0, 0, null);

    private final EventProcessingConfiguration processing;
    private final ProjectionProgress progress;
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private Run run;
    private Progress completed;
    private ScheduledFuture<?> watching;
    private long lastLogged;

    ReadModelRebuild(EventProcessingConfiguration processing, ProjectionProgress progress) {
        this.processing = processing;
        this.progress = progress;
    }

    /** Starts a rebuild; 409 while one runs or while another instance holds segments of the read model. */
    @WriteOperation
    public synchronized WebEndpointResponse<Object> start() {
        if (run != null && completed == null) {
            return new WebEndpointResponse<>(progress(), CONFLICT);
        }
        StreamingEventProcessor processor = processor();
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (RuntimeException notReset) {
            processor.start();
            log.warn("Read model rebuild refused: the processor could not be reset", notReset);
            return new WebEndpointResponse<>(Map.of("detail", "The read model could not be reset (are its segments"
                    + " claimed by another query-service instance? stop the others, then rebuild): " + notReset.getMessage()),
                    CONFLICT);
        }
        run = new Run(Instant.now(), progress.headIndex());
        completed = null;
        processor.start();
        log.info("Read model rebuild started: {} events to replay", run.target());
        lastLogged = System.nanoTime();
        watching = reporter.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        return new WebEndpointResponse<>(progress(), WebEndpointResponse.STATUS_OK);
    }

    @ReadOperation
    public synchronized Progress progress() {
        if (run == null) {
            return IDLE;
        }
        if (completed != null) {
            return completed;
        }
        Collection<EventTrackerStatus> segments = progress.liveStatus().values();
        long projected = segments.stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(0))
                .min().orElse(0);
        Instant now = Instant.now();
        double seconds = Math.max(Duration.between(run.startedAt(), now).toNanos() / 1e9, 1e-3);
        double rate = Math.min(projected, run.target()) / seconds;
        // Axon keeps a segment "replaying" until it sees an event past the reset: at the head, position tells.
        // The stored tokens confirm it: they commit with the rows, so the rows are there to read.
        if (!segments.isEmpty() && projected >= run.target() && progress.committedPosition() >= run.target()) {
            completed = new Progress("completed", run.startedAt(), now, run.target(), run.target(), 100, run.target() / seconds, 0L);
            return completed;
        }
        Long secondsLeft = rate > 0 ? Math.round((run.target() - projected) / rate) : null;
        double percent = run.target() == 0 ? 0 : Math.min(100, 100.0 * projected / run.target());
        return new Progress("running", run.startedAt(), null, run.target(), Math.min(projected, run.target()), percent, rate, secondsLeft);
    }

    private synchronized void watch() {
        Progress now = progress();
        boolean logNow = System.nanoTime() - lastLogged >= TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS);
        if (now.state().equals("completed")) {
            log.info("Read model rebuilt: {} events in {} s ({} events/s)", now.events(),
                    String.format("%.1f", Duration.between(now.startedAt(), now.completedAt()).toMillis() / 1000.0),
                    String.format("%,.0f", now.eventsPerSecond()));
            watching.cancel(false);
        } else if (logNow) {
            lastLogged = System.nanoTime();
            log.info("Read model rebuild: {}% ({} of {} events), {} events/s, about {} s left",
                    String.format("%.1f", now.percent()), now.projected(), now.events(),
                    String.format("%,.0f", now.eventsPerSecond()), now.secondsLeft() == null ? "?" : now.secondsLeft());
        }
    }

    private StreamingEventProcessor processor() {
        return processing.eventProcessor(ReadModel.PROCESSOR, StreamingEventProcessor.class).orElseThrow();
    }

    @Override
    public void destroy() {
        reporter.shutdownNow();
    }
}

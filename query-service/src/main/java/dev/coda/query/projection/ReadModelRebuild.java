package dev.coda.query.projection;

import dev.coda.platform.eventstore.AppendedEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.serialization.Serializer;
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
 * /actuator/rebuild}, admin scope). A second processor replays every event from the first into empty tables
 * of a {@link ShadowReadModel}, while the live processor goes on keeping the live tables current and every
 * query is answered from them as usual. When the replay has reached the head counted at the start, the live
 * processor stops, the replay catches up with it, and one transaction writes the rows that differ into the
 * live tables and hands the replay's position to the live processor, which starts again from there.
 *
 * <p>While it runs, {@code GET /actuator/rebuild} and a log line every {@value #LOG_EVERY_SECONDS} s tell how
 * far it is (percent, events per second, time left); at the end, how many rows of each table it changed.
 */
@Component
@Endpoint(id = "rebuild")
public class ReadModelRebuild implements DisposableBean {

    /**
     * How far a rebuild is: {@code state} is {@code idle} (none since start), {@code running} (replaying),
     * {@code switching} (writing the differences), {@code completed} or {@code failed} (then {@code detail}
     * says why, and the live tables are as they were). {@code changedRows}: rows written or deleted, by table.
     */
    public record Progress(String state, Instant startedAt, Instant completedAt, long events, long projected,
                           double percent, double eventsPerSecond, Long secondsLeft, Map<String, Long> changedRows,
                           String detail) {
    }

    private record Run(Instant startedAt, long target, PooledStreamingEventProcessor replay,
                       List<ScheduledExecutorService> threads) {

        void stop() {
            replay.shutDown();
            threads.forEach(ScheduledExecutorService::shutdownNow);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    private static final long LOG_EVERY_SECONDS = 5;
    /** How often a running rebuild is looked at, so that its end is noticed (and timed) within this. */
    private static final long WATCH_MILLIS = 200;
    /** How long the switch waits for the replay to pass the stopped live processor (else the rebuild fails). */
    private static final Duration CATCH_UP = Duration.ofSeconds(10);
    private static final int CONFLICT = 409;
    private static final Progress IDLE = new Progress("idle", null, null, 0, 0, 0, 0, null, Map.of(), null);

    private final EventProcessingConfiguration processing;
    private final ProjectionProgress progress;
    private final ShadowReadModel shadow;
    private final AppendedEvents events;
    private final Serializer serializer;
    private final ReadModelProperties properties;
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private Run run;
    private boolean switching;
    private Progress finished;
    private ScheduledFuture<?> watching;
    private long lastLogged;

    ReadModelRebuild(EventProcessingConfiguration processing, ProjectionProgress progress, ShadowReadModel shadow,
                     AppendedEvents events, Serializer serializer, ReadModelProperties properties) {
        this.processing = processing;
        this.progress = progress;
        this.shadow = shadow;
        this.events = events;
        this.serializer = serializer;
        this.properties = properties;
    }

    /** Starts a rebuild; 409 while one runs or while another instance holds segments of the read model. */
    @WriteOperation
    public synchronized WebEndpointResponse<Object> start() {
        if (run != null && finished == null) {
            return new WebEndpointResponse<>(progress(), CONFLICT);
        }
        List<Integer> elsewhere = shadow.liveSegmentsClaimedElsewhere(progress.liveStatus().keySet());
        if (!elsewhere.isEmpty()) {
            return new WebEndpointResponse<>(Map.of("detail", "Segments " + elsewhere + " of the read model are"
                    + " claimed by another query-service instance: stop the others, then rebuild"), CONFLICT);
        }
        shadow.create();
        run = replay(Instant.now(), progress.headIndex());
        switching = false;
        finished = null;
        run.replay().start();
        log.info("Read model rebuild started: {} events to replay into schema {}", run.target(), ShadowReadModel.SCHEMA);
        lastLogged = System.nanoTime();
        watching = reporter.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        return new WebEndpointResponse<>(progress(), WebEndpointResponse.STATUS_OK);
    }

    @ReadOperation
    public synchronized Progress progress() {
        if (run == null) {
            return IDLE;
        }
        if (finished != null) {
            return finished;
        }
        long projected = switching ? run.target() : Math.min(replayed(), run.target()); // stopped while switching
        double rate = projected / secondsSince(run.startedAt());
        Long secondsLeft = rate > 0 ? Math.round((run.target() - projected) / rate) : null;
        double percent = run.target() == 0 ? 100 : 100.0 * projected / run.target();
        return new Progress(switching ? "switching" : "running", run.startedAt(), null, run.target(), projected,
                percent, rate, switching ? Long.valueOf(0) : secondsLeft, Map.of(), null);
    }

    /** The lowest position among the replay's segments; 0 before it has claimed them. */
    private long replayed() {
        Collection<EventTrackerStatus> segments = run.replay().processingStatus().values();
        return segments.stream().mapToLong(status -> status.getCurrentPosition().orElse(0)).min().orElse(0);
    }

    /** Every {@value #WATCH_MILLIS} ms while a rebuild runs; an exception would end the schedule, so none leaves. */
    private void watch() {
        try {
            watchOnce();
        } catch (RuntimeException notNow) {
            log.warn("Read model rebuild: could not look at its progress; trying again", notNow);
        }
    }

    private void watchOnce() {
        Progress now;
        synchronized (this) {
            now = progress();
            // the stored tokens commit with the rows: when they have reached the target, so have the tables
            switching = now.state().equals("running") && now.projected() >= run.target()
                    && progress.committedPosition(ShadowReadModel.REPLAY_PROCESSOR) >= run.target();
        }
        if (switching) {
            switchToRebuiltTables();
        } else if (System.nanoTime() - lastLogged >= TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS)) {
            lastLogged = System.nanoTime();
            log.info("Read model rebuild: {}% ({} of {} events), {} events/s, about {} s left",
                    String.format("%.1f", now.percent()), now.projected(), now.events(),
                    String.format("%,.0f", now.eventsPerSecond()), now.secondsLeft() == null ? "?" : now.secondsLeft());
        }
    }

    /** Stops the live processor, writes the differences and starts it again from the replay's position. */
    private void switchToRebuiltTables() {
        watching.cancel(false);
        PooledStreamingEventProcessor live = liveProcessor();
        Progress outcome;
        try {
            live.shutDown();
            awaitReplayCovers(progress.committedTokens(ReadModel.PROCESSOR));
            run.stop();
            Map<String, Long> changed = shadow.replaceLive();
            outcome = new Progress("completed", run.startedAt(), Instant.now(), run.target(), run.target(), 100,
                    run.target() / secondsSince(run.startedAt()), 0L, changed, null);
            log.info("Read model rebuilt: {} events in {} s ({} events/s); rows changed: {}", run.target(),
                    String.format("%.1f", secondsSince(run.startedAt())), String.format("%,.0f", outcome.eventsPerSecond()),
                    changed.isEmpty() ? "none" : changed);
        } catch (RuntimeException failed) {
            run.stop();
            log.warn("Read model rebuild failed; the live tables are as they were", failed);
            outcome = failed(failed.getMessage());
        }
        try {
            live.start();
        } catch (RuntimeException notStarted) {
            log.error("The read-model processor did not start again after the rebuild: the read tables stay as they"
                    + " are until the query-service is restarted", notStarted);
            outcome = failed("the read-model processor did not start again: " + notStarted.getMessage());
        }
        try {
            shadow.drop();
        } catch (RuntimeException notDropped) {
            log.warn("Read model rebuild: schema {} is left for the next rebuild to drop", ShadowReadModel.SCHEMA, notDropped);
        }
        synchronized (this) {
            finished = outcome;
            switching = false;
        }
    }

    private Progress failed(String detail) {
        return new Progress("failed", run.startedAt(), Instant.now(), run.target(), run.target(), 100, 0, null, Map.of(), detail);
    }

    /**
     * Waits until the replay has committed every event the live segments' rows hold, so that no row steps back:
     * a position alone is not enough, since an event that committed late may be behind the replay's position and
     * not yet seen by it. The live processor is stopped meanwhile and the replay is at the head, so this takes a
     * batch or two.
     *
     * @throws IllegalStateException when it has not within {@link #CATCH_UP}
     */
    private void awaitReplayCovers(List<TrackingToken> live) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (!progress.covers(ShadowReadModel.REPLAY_PROCESSOR, live)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("the replay did not reach the live tables (" + live + ") within "
                        + CATCH_UP.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WATCH_MILLIS));
        }
    }

    /**
     * A processor like the live one, but under its own name, writing into the shadow tables, and on one
     * segment: its coordinator then offers each event to one work package instead of one per segment, which was
     * a fifth of the query-service's CPU during a rebuild. The switch gives its token to every live segment. Its
     * batches are {@code coda.read-model.replay-batch-size} events: a token write, a commit and a round of held
     * writes for each, where the live processor's smaller batches keep a waiting query's wait short. It reads
     * ahead of its worker as far as the live processor may ({@link ReadAhead}).
     */
    private Run replay(Instant startedAt, long target) {
        PooledStreamingEventProcessor live = liveProcessor();
        CoordinatorThread coordinator = new CoordinatorThread(ShadowReadModel.REPLAY_PROCESSOR);
        ScheduledExecutorService workers = Executors.newSingleThreadScheduledExecutor(
                new AxonThreadFactory(ShadowReadModel.REPLAY_PROCESSOR + "-worker"));
        AtomicReference<PooledStreamingEventProcessor> replaying = new AtomicReference<>();
        ReadAhead readAhead = new ReadAhead(events, serializer, properties.readAhead().toBytes(),
                () -> replaying.get().processingStatus().values());
        PooledStreamingEventProcessor replay = PooledStreamingEventProcessor.builder()
                .name(ShadowReadModel.REPLAY_PROCESSOR)
                .eventHandlerInvoker(live.eventHandlerInvoker())
                .messageSource(readAhead)
                .tokenStore(processing.tokenStore(ReadModel.PROCESSOR))
                .transactionManager(coordinator.wokenByTransactions(shadow.inShadow(processing.transactionManager(ReadModel.PROCESSOR))))
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(1)
                .batchSize(properties.replayBatchSize())
                .claimExtensionThreshold(WATCH_MILLIS) // a segment with nothing left stores its token this soon
                .build();
        replaying.set(replay);
        live.getHandlerInterceptors().forEach(replay::registerHandlerInterceptor);
        return new Run(startedAt, target, replay, List.of(coordinator, workers));
    }

    private PooledStreamingEventProcessor liveProcessor() {
        return processing.eventProcessor(ReadModel.PROCESSOR, PooledStreamingEventProcessor.class).orElseThrow();
    }

    private static double secondsSince(Instant start) {
        return Math.max(Duration.between(start, Instant.now()).toNanos() / 1e9, 1e-3);
    }

    @Override
    public synchronized void destroy() {
        reporter.shutdownNow();
        if (run != null && finished == null) {
            run.stop();
        }
    }
}

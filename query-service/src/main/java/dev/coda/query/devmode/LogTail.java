package dev.coda.query.devmode;

import dev.coda.query.devmode.DevModeViews.LogLineView;
import dev.coda.query.devmode.DevModeViews.LogPage;
import dev.coda.query.projection.InstantCursor;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live tail of a job's logs as Server-Sent Events: every {@value #POLL_MILLIS} ms the lines projected since
 * the last one sent go out as {@code log} events (event id = resume cursor); when the job has ended and
 * every line was sent, an {@code end} event closes the stream. A tail silent for {@code coda.log-tail.keep-alive}
 * sends a comment, so that one whose client left ends then; a user may have {@code coda.log-tail.max-per-user}
 * open at once.
 * <p>
 * Sending blocks while a client does not read (until Tomcat's write timeout), so each poll runs on a thread
 * of its own, and a tail whose last poll is still sending skips its turn: a stalled client holds up only its
 * own tail, never another user's. At most {@value #QUERIES_AT_ONCE} tails query the database at once.
 */
@Component
@EnableConfigurationProperties(LogTailProperties.class)
class LogTail implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LogTail.class);
    private static final long POLL_MILLIS = 100;
    private static final int PAGE = 500;
    private static final Set<String> ENDED = Set.of("completed", "failed");
    private static final int QUERIES_AT_ONCE = 4;

    private final JobQueries queries;
    private final LogTailProperties properties;
    private final Map<String, Integer> openTails = new ConcurrentHashMap<>();
    /** Only starts polls: never blocks. */
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(daemons("log-tail-clock"));
    /** Runs the polls; at most one thread per open tail, idle ones end after a minute. */
    private final ExecutorService polls = Executors.newCachedThreadPool(daemons("log-tail"));
    /** Tails querying at once: however many are open, they never take the connections requests need. */
    private final Semaphore querying = new Semaphore(QUERIES_AT_ONCE);

    LogTail(JobQueries queries, LogTailProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    SseEmitter follow(String userId, UUID jobId, InstantCursor after) {
        if (openTails.merge(userId, 1, Integer::sum) > properties.maxPerUser()) {
            closed(userId);
            throw new TooManyTails(properties.maxPerUser());
        }
        Tail tail = new Tail(userId, jobId, after, new SseEmitter(properties.maxDuration().toMillis()));
        try {
            // sent first, as soon as Spring MVC opens the stream: the client knows it is following before any line
            tail.emitter.send(SseEmitter.event().comment("following job " + jobId));
        } catch (IOException clientGone) {
            tail.stop();
            return tail.emitter;
        }
        tail.start();
        return tail.emitter;
    }

    /** One tail of the user's less; a user with none open has no entry. */
    private void closed(String userId) {
        openTails.computeIfPresent(userId, (user, open) -> open == 1 ? null : open - 1);
    }

    /** One client's tail of one job. */
    private final class Tail {

        private final String userId;
        private final UUID jobId;
        private final SseEmitter emitter;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicBoolean polling = new AtomicBoolean();
        private volatile ScheduledFuture<?> schedule;
        private InstantCursor cursor;
        private long lastSent = System.nanoTime();

        Tail(String userId, UUID jobId, InstantCursor after, SseEmitter emitter) {
            this.userId = userId;
            this.jobId = jobId;
            this.cursor = after;
            this.emitter = emitter;
            emitter.onCompletion(this::stop);
            emitter.onTimeout(this::stop);
            emitter.onError(error -> stop());
        }

        void start() {
            schedule = clock.scheduleWithFixedDelay(this::pollUnlessPolling, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (stopped.get()) {
                schedule.cancel(false); // stopped while being scheduled
            }
        }

        void stop() {
            if (stopped.compareAndSet(false, true)) {
                closed(userId);
            }
            ScheduledFuture<?> scheduled = schedule;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }

        private void pollUnlessPolling() {
            if (stopped.get() || !polling.compareAndSet(false, true)) {
                return;
            }
            try {
                polls.execute(() -> {
                    try {
                        poll();
                    } finally {
                        polling.set(false);
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                polling.set(false);
            }
        }

        private void poll() {
            try {
                boolean ended = query(() -> queries.job(userId, jobId)).map(job -> ENDED.contains(job.status())).orElse(true);
                LogPage page;
                do {
                    InstantCursor after = cursor;
                    page = query(() -> queries.logs(jobId, after, PAGE, null));
                    for (LogLineView line : page.items()) {
                        InstantCursor sent = new InstantCursor(line.timestamp(), line.id());
                        emitter.send(SseEmitter.event().name("log").id(sent.encode()).data(line));
                        cursor = sent;
                        lastSent = System.nanoTime();
                    }
                } while (page.items().size() == PAGE && !stopped.get());
                if (System.nanoTime() - lastSent > properties.keepAlive().toNanos()) {
                    emitter.send(SseEmitter.event().comment("keep-alive")); // fails once the client has left
                    lastSent = System.nanoTime();
                }
                if (ended) {
                    emitter.send(SseEmitter.event().name("end").data("job ended"));
                    emitter.complete();
                    stop();
                }
            } catch (IOException | IllegalStateException clientGone) {
                stop();
            } catch (RuntimeException failed) {
                // end the stream, and the client resumes from its last event id
                log.warn("Tailing the logs of job {} failed; the stream ends", jobId, failed);
                emitter.completeWithError(failed);
                stop();
            }
        }
    }

    private <T> T query(Supplier<T> query) {
        querying.acquireUninterruptibly();
        try {
            return query.get();
        } finally {
            querying.release();
        }
    }

    private static ThreadFactory daemons(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void destroy() {
        clock.shutdownNow();
        polls.shutdownNow();
    }
}

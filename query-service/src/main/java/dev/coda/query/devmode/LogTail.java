package dev.coda.query.devmode;

import dev.coda.query.devmode.DevModeViews.LogLineView;
import dev.coda.query.devmode.DevModeViews.LogPage;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 */
@Component
@EnableConfigurationProperties(LogTailProperties.class)
class LogTail implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LogTail.class);
    private static final long POLL_MILLIS = 100;
    private static final int PAGE = 500;
    private static final Set<String> ENDED = Set.of("completed", "failed");

    private final JobQueries queries;
    private final LogTailProperties properties;
    private final Map<String, AtomicInteger> openTails = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "log-tail");
        thread.setDaemon(true);
        return thread;
    });

    LogTail(JobQueries queries, LogTailProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    SseEmitter follow(String userId, UUID jobId, LogCursor after, Duration timeout) {
        AtomicInteger open = openTails.computeIfAbsent(userId, user -> new AtomicInteger());
        if (open.incrementAndGet() > properties.maxPerUser()) {
            open.decrementAndGet();
            throw new TooManyTails(properties.maxPerUser());
        }
        AtomicBoolean released = new AtomicBoolean();
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        AtomicReference<LogCursor> cursor = new AtomicReference<>(after);
        AtomicLong lastSent = new AtomicLong(System.nanoTime());
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable stop = () -> {
            if (released.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
            ScheduledFuture<?> running = task.get();
            if (running != null) {
                running.cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(error -> stop.run());
        try {
            emitter.send(SseEmitter.event().comment("following job " + jobId)); // commits the response headers now
        } catch (IOException clientGone) {
            stop.run();
            return emitter;
        }
        task.set(poller.scheduleWithFixedDelay(() -> {
            try {
                boolean ended = queries.job(userId, jobId).map(job -> ENDED.contains(job.status())).orElse(true);
                LogPage page;
                do {
                    page = queries.logs(jobId, cursor.get(), PAGE, null);
                    for (LogLineView line : page.items()) {
                        LogCursor sent = new LogCursor(line.timestamp(), line.id());
                        emitter.send(SseEmitter.event().name("log").id(sent.encode()).data(line));
                        cursor.set(sent);
                        lastSent.set(System.nanoTime());
                    }
                } while (page.items().size() == PAGE);
                if (System.nanoTime() - lastSent.get() > properties.keepAlive().toNanos()) {
                    emitter.send(SseEmitter.event().comment("keep-alive")); // fails once the client has left
                    lastSent.set(System.nanoTime());
                }
                if (ended) {
                    emitter.send(SseEmitter.event().name("end").data("job ended"));
                    emitter.complete();
                    stop.run();
                }
            } catch (IOException | IllegalStateException clientGone) {
                stop.run();
            } catch (RuntimeException failed) {
                // a task that throws is never run again: end the stream, and the client resumes from its last id
                log.warn("Tailing the logs of job {} failed; the stream ends", jobId, failed);
                emitter.completeWithError(failed);
                stop.run();
            }
        }, 0, POLL_MILLIS, TimeUnit.MILLISECONDS));
        return emitter;
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
    }
}

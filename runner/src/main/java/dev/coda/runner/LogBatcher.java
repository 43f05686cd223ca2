package dev.coda.runner;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a job's log lines and sends them in order, in batches within the server's limits (at most
 * {@value #MAX_LINES} lines and {@value #MAX_CHARS} characters), at least every {@value #FLUSH_MILLIS} ms.
 * Each line keeps the time it was read; times never go backwards, so the server keeps their order. A NUL
 * character (binary output), which the server refuses, is sent as U+FFFD.
 */
final class LogBatcher implements AutoCloseable {

    static final int MAX_LINES = 1_000;
    static final int MAX_CHARS = 1_000_000;
    static final int MAX_LINE_CHARS = 16_384;
    static final long FLUSH_MILLIS = 200;

    /** Sends one batch; a failure stops the job's reporting, and later lines are dropped. */
    interface Sender {
        void send(List<CodaApi.LogLine> lines) throws Exception;
    }

    private final Sender sender;
    private final Thread flusher;
    private List<CodaApi.LogLine> pending = new ArrayList<>();
    private int pendingChars;
    private Instant last = Instant.EPOCH;
    private boolean closed;
    private Exception failure;

    LogBatcher(Sender sender) {
        this.sender = sender;
        this.flusher = new Thread(this::flushPeriodically, "log-batcher");
        this.flusher.start();
    }

    /** Queues a line; once the job's reporting stopped (closed, or failed to send) it is dropped. */
    synchronized void add(String level, String message) {
        if (closed || failure != null) {
            return; // keeping lines that are never sent would only fill the memory
        }
        String text = (message.length() > MAX_LINE_CHARS ? message.substring(0, MAX_LINE_CHARS) : message).replace('\0', '\uFFFD');
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        last = now.isAfter(last) ? now : last;
        if (pending.size() == MAX_LINES || pendingChars + text.length() > MAX_CHARS) {
            flush();
        }
        pending.add(new CodaApi.LogLine(level, text, last));
        pendingChars += text.length();
    }

    private void flushPeriodically() {
        synchronized (this) {
            while (!closed) {
                flush();
                try {
                    wait(FLUSH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void flush() {
        if (pending.isEmpty() || failure != null) {
            return;
        }
        List<CodaApi.LogLine> batch = pending;
        pending = new ArrayList<>();
        pendingChars = 0;
        try {
            sender.send(batch);
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Sends what is left; rethrows the first failure to send. */
    @Override
    public void close() throws Exception {
        synchronized (this) {
            closed = true;
            flush();
            notifyAll();
        }
        flusher.join();
        if (failure != null) {
            throw failure;
        }
    }
}

package dev.coda.runner;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Collects a job's log lines and sends them in order, in batches within the server's limits (at most
 * {@value #MAX_LINES} lines and {@value #MAX_CHARS} characters), at least every {@value #FLUSH_MILLIS} ms, numbered
 * from 1. Batches are sent by a thread of their own, one at a time, while the next one fills; a line that finds
 * the next batch full waits until the batch being sent is taken, which slows the job's output down to what Coda
 * takes instead of filling the memory. Each line keeps the time it was read; times never go backwards, so the
 * server keeps their order. A NUL character (binary output), which the server refuses, is sent as U+FFFD.
 */
final class LogBatcher implements AutoCloseable {

    static final int MAX_LINES = 1_000;
    static final int MAX_CHARS = 1_000_000;
    static final int MAX_LINE_CHARS = 16_384;
    static final long FLUSH_MILLIS = 200;

    /** Sends one batch, trying as long as it sees fit; a failure ends the job's reporting, and later lines are dropped. */
    interface Sender {
        void send(long sequence, List<CodaApi.LogLine> lines) throws Exception;
    }

    private final Sender sender;
    private final Thread sending;
    private List<CodaApi.LogLine> pending = new ArrayList<>();
    private int pendingChars;
    private Instant last = Instant.EPOCH;
    /** A line waits for room: the batch is to be sent now. */
    private boolean full;
    private boolean closed;
    private Exception failure;

    LogBatcher(Sender sender) {
        this.sender = sender;
        this.sending = new Thread(this::sendBatches, "log-batcher");
        this.sending.start();
    }

    /** Queues a line; once the job's reporting stopped (closed, or failed to send) it is dropped. */
    synchronized void add(String level, String message) {
        String text = (message.length() > MAX_LINE_CHARS ? message.substring(0, MAX_LINE_CHARS) : message).replace('\0', '\uFFFD');
        while (!closed && failure == null && (pending.size() == MAX_LINES || pendingChars + text.length() > MAX_CHARS)) {
            full = true;
            notifyAll();
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (closed || failure != null) {
            return; // keeping lines that are never sent would only fill the memory
        }
        if (pending.isEmpty()) {
            notifyAll(); // the first line of a batch
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        last = now.isAfter(last) ? now : last;
        pending.add(new CodaApi.LogLine(level, text, last));
        pendingChars += text.length();
    }

    private void sendBatches() {
        for (long sequence = 1; ; sequence++) {
            List<CodaApi.LogLine> batch;
            synchronized (this) {
                try {
                    awaitBatch();
                } catch (InterruptedException abandoned) {
                    failure = abandoned;
                    notifyAll();
                    return;
                }
                if (pending.isEmpty()) {
                    return; // closed, and everything sent
                }
                batch = pending;
                pending = new ArrayList<>();
                pendingChars = 0;
                full = false;
                notifyAll(); // room for lines that waited
            }
            try {
                sender.send(sequence, batch);
            } catch (Exception e) {
                synchronized (this) {
                    failure = e;
                    pending.clear();
                    notifyAll();
                }
                return;
            }
        }
    }

    /**
     * Waits for a batch to send: the lines that come within {@value #FLUSH_MILLIS} ms of its first, fewer when the
     * batch fills or the job's reporting closes before.
     */
    private void awaitBatch() throws InterruptedException {
        while (pending.isEmpty() && !closed) {
            wait();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
        for (long left = deadline - System.nanoTime(); !closed && !full && left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Stops sending at once: the batch being sent, if any, is given up, and what waits is dropped. */
    void abandon() {
        sending.interrupt();
    }

    /**
     * Sends what is left; rethrows the failure that stopped the sending, if one did. Interrupted while it waits (the
     * runner stopping), it abandons what is left, so that the sending does not go on retrying.
     */
    @Override
    public void close() throws Exception {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            sending.join();
        } catch (InterruptedException stopping) {
            abandon();
            throw stopping;
        }
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
    }
}

package dev.coda.system;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady rate's timetable: the {@code n}th operation of a run is due {@code n / perSecond} seconds after its
 * start ({@link System#nanoTime()}). Latencies are taken from when an operation was due, so that one held up
 * also counts against those it delayed.
 */
record Schedule(long start, long interval) {

    static Schedule of(long start, int perSecond) {
        return new Schedule(start, TimeUnit.SECONDS.toNanos(1) / perSecond);
    }

    long due(int n) {
        return start + n * interval;
    }

    /** Returns once the {@code n}th operation is due (or the thread is interrupted): when it was due. */
    long awaitDue(int n) {
        long due = due(n);
        while (System.nanoTime() < due && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(due - System.nanoTime()); // the rate's timetable, not a synchronization
        }
        return due;
    }
}

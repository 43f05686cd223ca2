package dev.coda.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for what a test expects by polling it with a deadline: never a sleep as synchronization. */
public final class Await {

    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Await() {
    }

    /** Returns once {@code condition} holds; fails, saying {@code what} was awaited, if it does not within {@code deadline}. */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("Not within " + deadline + ": " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}

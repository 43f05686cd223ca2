package dev.coda.query.projection;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * The coordinator thread of a pooled streaming processor, woken as soon as its worker has room again. Axon's
 * coordinator reads events into its work package's queue until the queue holds 1,024, and then looks again
 * only 100 ms later, however soon the worker takes them: a worker faster than 1,024 events per 100 ms waited
 * for the rest of each 100 ms, which capped a rebuild and a catching-up processor near 10,000 events/s.
 * <p>
 * Here a look scheduled for later is run at once when {@link #wokenByTransactions the processor's transactions}
 * start: the worker starts a batch's transaction right after taking the batch from the queue. A look brought
 * forward does not run again when its time comes. Every look checks for itself whether there is anything to do.
 */
final class CoordinatorThread extends ScheduledThreadPoolExecutor {

    private final Queue<Runnable> later = new ConcurrentLinkedQueue<>();

    CoordinatorThread(String processor) {
        super(1, new AxonThreadFactory("Coordinator[" + processor + "]"));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable look, long delay, TimeUnit unit) {
        if (delay <= 0) {
            return super.schedule(look, delay, unit);
        }
        Runnable once = new Once(look);
        later.add(once);
        return super.schedule(() -> {
            later.remove(once);
            once.run();
        }, delay, unit);
    }

    /** {@code transactions}, each start of which runs the looks scheduled for later now. */
    TransactionManager wokenByTransactions(TransactionManager transactions) {
        return () -> {
            Transaction transaction = transactions.startTransaction();
            wake();
            return transaction;
        };
    }

    private void wake() {
        try {
            for (Runnable look = later.poll(); look != null; look = later.poll()) {
                execute(look);
            }
        } catch (RejectedExecutionException shutDown) {
            // the processor is stopping: its coordinator looks no more, and the transaction goes on
        }
    }

    private static final class Once implements Runnable {

        private final Runnable look;
        private final AtomicBoolean ran = new AtomicBoolean();

        Once(Runnable look) {
            this.look = look;
        }

        @Override
        public void run() {
            if (ran.compareAndSet(false, true)) {
                look.run();
            }
        }
    }
}

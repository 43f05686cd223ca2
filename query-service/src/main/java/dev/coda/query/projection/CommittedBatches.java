package dev.coda.query.projection;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The batches the live processor has finished, counted, so that a read waiting for its consistency token
 * looks again when one is done rather than on a timer of its own. As a handler interceptor of the processor
 * it counts a batch when the batch's unit of work is cleaned up: after its commit and after the processor
 * updated its status, the order Axon 4.13 runs those phases in.
 */
class CommittedBatches implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String COUNTED = CommittedBatches.class.getName();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private long count;

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain) throws Exception {
        if (unitOfWork.resources().putIfAbsent(COUNTED, Boolean.TRUE) == null) { // once per batch, not per event
            unitOfWork.onCleanup(done -> finished());
        }
        return interceptorChain.proceed();
    }

    /** How many batches were finished so far: the mark to {@linkplain #awaitAfter(long, long) wait} from. */
    long count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a batch is finished after {@code mark} was read, at most {@code nanos}. */
    void awaitAfter(long mark, long nanos) throws InterruptedException {
        lock.lock();
        try {
            while (count == mark && nanos > 0) {
                nanos = finished.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private void finished() {
        lock.lock();
        try {
            count++;
            finished.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

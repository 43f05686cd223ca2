package dev.coda.platform.eventstore;

import dev.coda.platform.postgres.PostgresListener;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as a source for streaming processors that learn about appends at once. Axon's embedded
 * store cannot tell a caught-up pooled processor that events arrived, so the processor looks again only every
 * 500 ms; these streams can ({@link TrackingEventStream#setOnAvailableCallback}): every
 * {@link AppendNotifications} notification makes the processor read the store right away. The NOTIFY is sent
 * after the append committed, so that read finds the events.
 */
public class AppendedEvents implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final EventStorageEngine storageEngine;
    private final AppendNotifications notifications;

    public AppendedEvents(EventStorageEngine storageEngine, AppendNotifications notifications) {
        this.storageEngine = storageEngine;
        this.notifications = notifications;
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new Tail(trackingToken);
    }

    @Override
    public TrackingToken createTailToken() {
        return storageEngine.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return storageEngine.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return storageEngine.createTokenAt(dateTime);
    }

    /** Reads the store in the storage engine's batches from a token on; when it runs dry, reads again on news. */
    private final class Tail implements TrackingEventStream {

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition appended = lock.newCondition();
        private final PostgresListener.Subscription subscription;
        private final AtomicLong news = new AtomicLong(1);
        private volatile Runnable onAvailable = () -> { };
        /** The news count when the current (or last) read of the store began. */
        private long readAtNews;
        private TrackingToken lastToken;
        private Stream<? extends TrackedEventMessage<?>> batch;
        private Iterator<? extends TrackedEventMessage<?>> events;
        private TrackedEventMessage<?> peeked;

        Tail(TrackingToken from) {
            this.lastToken = from;
            this.subscription = notifications.subscribe(this::appended);
        }

        private void appended() {
            news.incrementAndGet();
            lock.lock();
            try {
                appended.signalAll();
            } finally {
                lock.unlock();
            }
            onAvailable.run();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(peekNow());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (peekNow() == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.lock();
                try {
                    appended.awaitNanos(left);
                } finally {
                    lock.unlock();
                }
            }
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(Integer.MAX_VALUE, TimeUnit.MILLISECONDS)) {
                Thread.onSpinWait();
            }
            TrackedEventMessage<?> next = peeked;
            peeked = null;
            lastToken = next.trackingToken();
            return next;
        }

        /**
         * The next event; null if none. The store's batches are read until one comes back empty, so a used-up
         * read means the store had nothing newer than its last event at some moment after the read began: the
         * store is read again only for news that came after that beginning. A used-up read is closed at once,
         * since asking it again would query the store again, and a caught-up processor asks several times per
         * round.
         */
        private TrackedEventMessage<?> peekNow() {
            while (peeked == null) {
                if (events != null && events.hasNext()) {
                    peeked = events.next();
                } else {
                    closeBatch();
                    long current = news.get(); // taken before reading: news during the read makes the next ask read again
                    if (current == readAtNews) {
                        return null;
                    }
                    readAtNews = current;
                    batch = storageEngine.readEvents(lastToken, false);
                    events = batch.iterator();
                }
            }
            return peeked;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            onAvailable = callback;
            return true;
        }

        @Override
        public void close() {
            subscription.close();
            closeBatch();
        }

        private void closeBatch() {
            if (batch != null) {
                batch.close();
                batch = null;
                events = null;
            }
        }
    }
}

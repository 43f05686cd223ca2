package dev.coda.query.projection;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;

/**
 * The events a processor's coordinator reads ahead of its worker, bounded by the size of their payloads. Axon's
 * pooled coordinator queues up to 1,024 events for the worker whatever their size ({@code WorkPackage.BUFFER_SIZE}),
 * and one Dev Mode log event carries up to a million characters: a processor a thousand such events behind would
 * have queued gigabytes on a 1 GiB heap, and failed the same way after every restart. Here an event is held back
 * while the events handed out and not yet processed (not covered by the token of every segment's status) hold
 * more than {@code limit} characters of serialized payload; the first of them always goes, however large.
 * <p>
 * A stream that holds an event back asks its coordinator to look again every {@value #RECHECK_MILLIS} ms until the
 * worker has processed enough: Axon's own next look may be seconds away, and not every batch the worker finishes
 * runs through the processor's interceptors (a batch of events no projection handles has no unit of work).
 */
final class ReadAhead implements StreamableMessageSource<TrackedEventMessage<?>> {

    static final long RECHECK_MILLIS = 10;
    /** Handed-out events remembered before the processed ones are dropped, even while far below the limit. */
    private static final int PRUNE_AT = 4_096;
    /** Runs a recheck on the JVM's one delay thread: it only hands the coordinator a look. */
    private static final Executor RECHECK = CompletableFuture.delayedExecutor(RECHECK_MILLIS, TimeUnit.MILLISECONDS, Runnable::run);

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final Serializer serializer;
    private final long limit;
    private final Supplier<? extends Collection<EventTrackerStatus>> processed;

    /**
     * @param serializer the store's serializer, whose serialized form of a payload is measured without reading it
     * @param processed  the statuses of the processor's segments, each as far as its worker has processed
     */
    ReadAhead(StreamableMessageSource<TrackedEventMessage<?>> events, Serializer serializer, long limit,
              Supplier<? extends Collection<EventTrackerStatus>> processed) {
        this.events = events;
        this.serializer = serializer;
        this.limit = limit;
        this.processed = processed;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken from) {
        return new Bounded(events.openStream(from));
    }

    @Override
    public TrackingToken createTailToken() {
        return events.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return events.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return events.createTokenAt(dateTime);
    }

    /** Characters of the event's payload as stored; the store's messages give them without deserializing. */
    private long size(TrackedEventMessage<?> event) {
        return event.serializePayload(serializer, String.class).getData().length();
    }

    private record HandedOut(TrackingToken token, long size) {
    }

    /** One opened stream, read by the coordinator's thread only. */
    private final class Bounded implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private final ArrayDeque<HandedOut> handedOut = new ArrayDeque<>();
        private final AtomicBoolean recheckScheduled = new AtomicBoolean();
        private long held;
        private TrackedEventMessage<?> measured;
        private long measuredSize;
        private volatile Runnable onAvailable = () -> { };

        Bounded(BlockingStream<TrackedEventMessage<?>> events) {
            this.events = events;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return events.peek().filter(this::fits);
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return events.hasNextAvailable(timeout, unit) && fits(events.peek().orElseThrow());
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            TrackedEventMessage<?> next = events.nextAvailable();
            long size = sizeOf(next);
            held += size;
            handedOut.add(new HandedOut(next.trackingToken(), size));
            if (handedOut.size() >= PRUNE_AT) {
                releaseProcessed();
            }
            return next;
        }

        /** Whether the event may be handed out now; when not, the coordinator is asked to look again soon. */
        private boolean fits(TrackedEventMessage<?> event) {
            long size = sizeOf(event);
            if (held == 0 || held + size <= limit) {
                return true;
            }
            releaseProcessed();
            if (held == 0 || held + size <= limit) {
                return true;
            }
            if (recheckScheduled.compareAndSet(false, true)) {
                RECHECK.execute(() -> {
                    recheckScheduled.set(false);
                    onAvailable.run();
                });
            }
            return false;
        }

        /** Forgets the oldest handed-out events that every segment's worker has processed. */
        private void releaseProcessed() {
            Collection<EventTrackerStatus> statuses = processed.get();
            while (!handedOut.isEmpty() && processedByAll(statuses, handedOut.peek().token())) {
                held -= handedOut.poll().size();
            }
        }

        private static boolean processedByAll(Collection<EventTrackerStatus> statuses, TrackingToken token) {
            for (EventTrackerStatus status : statuses) {
                TrackingToken processedUpTo = status.getTrackingToken();
                if (processedUpTo == null || !processedUpTo.covers(token)) {
                    return false;
                }
            }
            return true;
        }

        private long sizeOf(TrackedEventMessage<?> event) {
            if (event != measured) {
                measured = event;
                measuredSize = size(event);
            }
            return measuredSize;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            onAvailable = callback;
            return events.setOnAvailableCallback(callback);
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            events.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            events.close();
        }
    }
}

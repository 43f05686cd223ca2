package dev.coda.query.projection;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;

/**
 * The events a processor's coordinator reads ahead of its worker, bounded by the size of their payloads. Axon's
 * pooled coordinator queues up to 1,024 events for the worker whatever their size ({@code WorkPackage.BUFFER_SIZE}),
 * and one Dev Mode log event carries up to a million characters: a processor a thousand such events behind would
 * have queued gigabytes on a 1 GiB heap, and failed the same way after every restart. Here an event is held back
 * while the events handed out and not yet processed (the processor's status has not passed them) hold more than
 * {@code limit} characters of serialized payload; the first of them always goes, however large.
 * <p>
 * As a handler interceptor of the same processor, each batch the worker finishes wakes a coordinator held back,
 * once the processor's status has moved (Axon 4.13 updates it after the commit, before the clean-up). A batch with
 * no event the projections handle has no unit of work; the coordinator's own later look then finds the room.
 */
final class ReadAhead implements StreamableMessageSource<TrackedEventMessage<?>>, MessageHandlerInterceptor<EventMessage<?>> {

    private static final String WAKES = ReadAhead.class.getName();

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final Serializer serializer;
    private final long limit;
    private final Supplier<Map<Integer, EventTrackerStatus>> processed;
    private volatile Bounded stream;

    /**
     * @param serializer the store's serializer, whose serialized form of a payload is measured without reading it
     * @param processed  the statuses of the processor's segments, each as far as its worker has processed
     */
    ReadAhead(StreamableMessageSource<TrackedEventMessage<?>> events, Serializer serializer, long limit,
              Supplier<Map<Integer, EventTrackerStatus>> processed) {
        this.events = events;
        this.serializer = serializer;
        this.limit = limit;
        this.processed = processed;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken from) {
        Bounded opened = new Bounded(events.openStream(from));
        stream = opened;
        return opened;
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

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain) throws Exception {
        if (unitOfWork.resources().putIfAbsent(WAKES, Boolean.TRUE) == null) { // once per batch, not per event
            unitOfWork.onCleanup(done -> {
                Bounded current = stream;
                if (current != null) {
                    current.wakeIfHeldBack();
                }
            });
        }
        return interceptorChain.proceed();
    }

    /** Characters of the event's payload as stored; the store's messages give them without deserializing. */
    private long size(TrackedEventMessage<?> event) {
        return event.serializePayload(serializer, String.class).getData().length();
    }

    /** The lowest position every segment's worker has processed; nothing when a segment has not processed any. */
    private long processedPosition() {
        long lowest = Long.MAX_VALUE;
        for (EventTrackerStatus status : processed.get().values()) {
            lowest = Math.min(lowest, status.getCurrentPosition().orElse(-1));
        }
        return lowest;
    }

    private record HandedOut(long position, long size) {
    }

    /** One opened stream: read by the coordinator's thread only; woken from the worker's. */
    private final class Bounded implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private final ArrayDeque<HandedOut> handedOut = new ArrayDeque<>();
        private long held;
        private TrackedEventMessage<?> measured;
        private long measuredSize;
        private volatile boolean heldBack;
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
            handedOut.add(new HandedOut(next.trackingToken().position().orElse(Long.MAX_VALUE), size));
            return next;
        }

        /**
         * Whether the event may be handed out now. Marked held back before the processor's status is read, so
         * that a batch finishing meanwhile either moved the status this reads or sees the mark and wakes it.
         */
        private boolean fits(TrackedEventMessage<?> event) {
            long size = sizeOf(event);
            if (held == 0 || held + size <= limit) {
                return true;
            }
            heldBack = true;
            long position = processedPosition();
            while (!handedOut.isEmpty() && handedOut.peek().position() <= position) {
                held -= handedOut.poll().size();
            }
            boolean fits = held == 0 || held + size <= limit;
            heldBack = !fits;
            return fits;
        }

        private long sizeOf(TrackedEventMessage<?> event) {
            if (event != measured) {
                measured = event;
                measuredSize = size(event);
            }
            return measuredSize;
        }

        void wakeIfHeldBack() {
            if (heldBack) {
                onAvailable.run();
            }
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

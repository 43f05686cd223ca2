package dev.coda.command;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

/**
 * Snapshots an aggregate whose snapshot grows with its history, such as a board, after a number of events that
 * grows with it too: a quarter of its history, at least {@code minimum} and at most {@code maximum} events. A
 * snapshot writes the whole aggregate, so a fixed interval costs each event a share that grows with the
 * aggregate (a board of 7,000 ideas, snapshotted every 250 events, spent a fifth of its service's time on
 * snapshots); this interval keeps that share flat while loading one still replays at most {@code maximum} events.
 *
 * @param snapshotter the snapshotter that takes the snapshots
 * @param minimum     the interval while the history is short
 * @param maximum     the interval once the history is long
 */
record GrowingSnapshotInterval(Snapshotter snapshotter, int minimum, int maximum) implements SnapshotTriggerDefinition {

    private static final int HISTORY_PER_INTERVAL = 4;

    GrowingSnapshotInterval {
        if (minimum < 1 || maximum < minimum) {
            throw new IllegalArgumentException("expected 1 <= minimum <= maximum, got " + minimum + " and " + maximum);
        }
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new Trigger(snapshotter, aggregateType, minimum, maximum);
    }

    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof AbstractSnapshotTrigger restored) {
            restored.setSnapshotter(snapshotter);
        }
        return trigger;
    }

    /** Counts the events since an aggregate's latest snapshot and remembers the sequence number of the last one. */
    private static final class Trigger extends AbstractSnapshotTrigger {

        private static final long serialVersionUID = 1L;

        private final int minimum;
        private final int maximum;
        private long sinceSnapshot;
        private long sequenceNumber;

        Trigger(Snapshotter snapshotter, Class<?> aggregateType, int minimum, int maximum) {
            super(snapshotter, aggregateType);
            this.minimum = minimum;
            this.maximum = maximum;
        }

        @Override
        public void eventHandled(EventMessage<?> event) {
            if (event instanceof DomainEventMessage<?> domainEvent) {
                sequenceNumber = domainEvent.getSequenceNumber();
            }
            super.eventHandled(event);
        }

        @Override
        protected boolean exceedsThreshold() {
            long history = sequenceNumber + 1;
            return ++sinceSnapshot >= Math.max(minimum, Math.min(maximum, history / HISTORY_PER_INTERVAL));
        }

        @Override
        protected void reset() {
            sinceSnapshot = 0;
        }
    }
}

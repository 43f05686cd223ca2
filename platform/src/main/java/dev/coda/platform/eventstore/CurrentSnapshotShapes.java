package dev.coda.platform.eventstore;

import java.util.Objects;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uses a snapshot only if it was written in its aggregate's current shape: the revision stored with it is the
 * one its class declares now ({@code @EventRevision}). A snapshot of an older shape is skipped and the aggregate
 * is replayed from its events, so a field added, renamed or removed can never be read as a silent default; so is
 * one that cannot be read at all.
 */
final class CurrentSnapshotShapes implements SnapshotFilter {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentSnapshotShapes.class);

    private final CheckedSnapshotSerializer snapshots;
    private final RevisionResolver revisions;

    CurrentSnapshotShapes(CheckedSnapshotSerializer snapshots, RevisionResolver revisions) {
        this.snapshots = snapshots;
        this.revisions = revisions;
    }

    @Override
    public boolean test(DomainEventData<?> snapshot) {
        SerializedType type = snapshot.getPayload().getType();
        Class<?> aggregate = snapshots.classForType(type);
        return aggregate != UnknownSerializedType.class
                && Objects.equals(revisions.revisionOf(aggregate), type.getRevision())
                && readable(snapshot);
    }

    /**
     * Axon reads a snapshot's payload only when it builds the aggregate, where a failure is not caught: one that
     * cannot be read would fail every command on its aggregate. Read here, it is skipped instead; one that can
     * is not read again ({@link CheckedSnapshotSerializer}).
     */
    private boolean readable(DomainEventData<?> snapshot) {
        try {
            snapshots.check(snapshot.getPayload());
            return true;
        } catch (RuntimeException unreadable) {
            LOG.warn("Snapshot of {} at {} cannot be read; replaying its events instead: {}",
                    snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(), unreadable.getMessage());
            return false;
        }
    }
}

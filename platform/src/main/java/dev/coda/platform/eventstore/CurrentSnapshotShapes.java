package dev.coda.platform.eventstore;

import java.util.Objects;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;

/**
 * Uses a snapshot only if it was written in its aggregate's current shape: the revision stored with it is the
 * one its class declares now ({@code @EventRevision}). A snapshot of an older shape is skipped and the aggregate
 * is replayed from its events, so a field added, renamed or removed can never be read as a silent default.
 */
final class CurrentSnapshotShapes implements SnapshotFilter {

    private final Serializer serializer;
    private final RevisionResolver revisions;

    CurrentSnapshotShapes(Serializer serializer, RevisionResolver revisions) {
        this.serializer = serializer;
        this.revisions = revisions;
    }

    @Override
    public boolean test(DomainEventData<?> snapshot) {
        SerializedType type = snapshot.getPayload().getType();
        Class<?> aggregate = serializer.classForType(type);
        return aggregate != UnknownSerializedType.class
                && Objects.equals(revisions.revisionOf(aggregate), type.getRevision());
    }
}

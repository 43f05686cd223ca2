package dev.coda.platform.eventstore;

import java.lang.ref.SoftReference;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;

/**
 * The snapshot serializer, which reads a snapshot that {@link CurrentSnapshotShapes} has just read to check it
 * only once: Axon's read of the same stored snapshot gets the object of the check. A board's snapshot is
 * megabytes of JSON. Remembered per thread, since Axon checks and reads a snapshot on the thread that loads
 * its aggregate, and only until it is read or the next check: the object goes to one aggregate at most. Softly,
 * so that a load that failed between the check and the read holds no memory the heap needs.
 */
final class CheckedSnapshotSerializer implements Serializer {

    private final Serializer serializer;
    private final ThreadLocal<SoftReference<Checked>> lastChecked = new ThreadLocal<>();

    CheckedSnapshotSerializer(Serializer serializer) {
        this.serializer = serializer;
    }

    /**
     * Reads {@code snapshot}, failing as reading it fails; the next read of the same stored data on this thread
     * returns what this read.
     */
    void check(SerializedObject<?> snapshot) {
        lastChecked.remove();
        Object read = serializer.deserialize(snapshot);
        lastChecked.set(new SoftReference<>(new Checked(snapshot.getData(), read)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serialized) {
        SoftReference<Checked> remembered = lastChecked.get();
        Checked checked = remembered == null ? null : remembered.get();
        if (checked != null && checked.data() == serialized.getData()) {
            lastChecked.remove();
            return (T) checked.read();
        }
        return serializer.deserialize(serialized);
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        return serializer.serialize(object, expectedRepresentation);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return serializer.canSerializeTo(expectedRepresentation);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return serializer.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return serializer.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return serializer.getConverter();
    }

    /** A snapshot's stored data, compared by identity, and what it was read as. */
    private record Checked(Object data, Object read) {
    }
}

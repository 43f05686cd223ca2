package dev.coda.command;

import dev.coda.contracts.EventJson;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/** What an aggregate's snapshot is: written and read by the event store's JSON serializer, made of its fields. */
public final class SnapshotShape {

    private static final Serializer serializer = JacksonSerializer.builder().objectMapper(EventJson.objectMapper()).build();

    private SnapshotShape() {
    }

    /** The aggregate as a snapshot of it would be read back. */
    public static <T> T writtenAndReadBack(T aggregate) {
        return serializer.deserialize(serializer.serialize(aggregate, String.class));
    }

    /** Each instance field of the types, in declaration order, as {@code Type.name FieldType} with simple names. */
    public static List<String> fieldsOf(Class<?>... types) {
        return Stream.of(types)
                .flatMap(type -> Stream.of(type.getDeclaredFields()))
                .filter(field -> !Modifier.isStatic(field.getModifiers()))
                .map(SnapshotShape::describe)
                .toList();
    }

    private static String describe(Field field) {
        String type = field.getGenericType().getTypeName().replaceAll("[\\w.]+[.$](\\w+)", "$1");
        return field.getDeclaringClass().getSimpleName() + "." + field.getName() + " " + type;
    }
}

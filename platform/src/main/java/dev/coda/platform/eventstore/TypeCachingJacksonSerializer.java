package dev.coda.platform.eventstore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer, remembering the class that each type name resolved to. Axon resolves the type of
 * an event's payload and of its metadata every time it reads one, each time through {@code Class.forName}:
 * about 5% of the query-service's CPU in a rebuild (async-profiler, docs/benchmarks.md). Classes do not come
 * and go while a service runs, so a name resolves to the same class (or to none) every time.
 */
final class TypeCachingJacksonSerializer extends JacksonSerializer {

    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    TypeCachingJacksonSerializer(Builder builder) {
        super(builder);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return classes.computeIfAbsent(type.getName(), name -> super.classForType(type));
    }
}

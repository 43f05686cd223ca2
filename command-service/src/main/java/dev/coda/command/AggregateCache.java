package dev.coda.command;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.coda.platform.eventstore.StagedEvents;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The aggregates a command-service instance keeps in memory between commands, checked against the event store.
 * <p>
 * Held strongly, up to {@code maximumWeight}, the least useful evicted first (Caffeine): unlike a
 * {@code WeakReferenceCache}, a garbage collection does not drop an aggregate that is busy between two commands.
 * Each aggregate weighs what {@code weigher} says of it (for a board, about the memory its ideas and features
 * take), taken again each time Axon caches it after a command, so that aggregates whose size varies (a board of 10
 * or of 100,000 ideas) are bounded by what they hold rather than by their number.
 * <p>
 * Several instances share one event store (ARCHITECTURE.md decision 10), and Axon's caching repository never
 * asks the store whether a cached aggregate is still current. A command that appends is safe anyway (the store's
 * unique sequence refuses it and it is retried on a fresh load), but one that decides from stale state is not:
 * an unstar another instance's star made necessary answers 200 and changes nothing, an idea another instance
 * created is "not found", an {@code If-Match} fails. So a cached aggregate is answered only while the store's
 * last sequence number for it is the one it was cached at (one indexed query, in the command's transaction
 * and under the aggregate's lock); otherwise it is dropped and Axon loads it from the store.
 * <p>
 * Axon also drops a cached aggregate whenever a command on it fails, since the command may have changed it before
 * failing. A {@link CommandRefused} that published no event did not: handlers check their rules before they
 * apply, and an aggregate changes only through the events it applies. Such an aggregate stays cached, so a client
 * that sends refused commands (an unknown idea, a stale {@code If-Match}) costs a lookup each, not a reload of
 * the aggregate from its snapshot and events.
 */
final class AggregateCache implements Cache {

    /** Axon's cache entry keeps the version it was cached at and its aggregate, but exposes neither. */
    private static final VarHandle CACHED_VERSION = entryField("version", Long.class);
    private static final VarHandle CACHED_ROOT = entryField("aggregateRoot", Object.class);

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;
    private final EventStore store;

    AggregateCache(long maximumWeight, ToIntFunction<Object> weigher, EventStore store) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maximumWeight)
                .weigher((Object key, Object entry) -> entry instanceof AggregateCacheEntry<?> cached
                        ? weigher.applyAsInt(CACHED_ROOT.get(cached)) : 1)
                .build();
        this.store = store;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object entry = entries.getIfPresent(key);
        if (entry instanceof AggregateCacheEntry<?> cached && !isCurrent(key, cached)) {
            entries.asMap().remove(key, entry);
            return null;
        }
        return (V) entry;
    }

    private boolean isCurrent(Object aggregateId, AggregateCacheEntry<?> cached) {
        Long stored = store.lastSequenceNumberFor(aggregateId.toString()).orElse(null);
        return Objects.equals(stored, versionOf(cached));
    }

    private static Long versionOf(AggregateCacheEntry<?> cached) {
        return (Long) CACHED_VERSION.get(cached);
    }

    private static VarHandle entryField(String name, Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Axon's AggregateCacheEntry no longer keeps a field " + name, e);
        }
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.get(key, absent -> valueSupplier.get());
    }

    @Override
    public boolean remove(Object key) {
        return !refusedUnchanged() && entries.asMap().remove(key) != null;
    }

    /** Whether this removal comes from rolling back a refused command that applied no event. */
    private static boolean refusedUnchanged() {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.phase() == UnitOfWork.Phase.ROLLBACK
                && unitOfWork.getExecutionResult() != null
                && unitOfWork.getExecutionResult().getExceptionResult() instanceof CommandRefused
                && !StagedEvents.inCurrentUnitOfWork();
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    /** Axon's repositories register none; an evicting cache would report evictions it cannot see as removals. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("AggregateCache publishes no entry events");
    }
}

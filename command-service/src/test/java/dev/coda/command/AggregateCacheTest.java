package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.CommandRefused.Reason;
import dev.coda.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** What a failed command leaves in the cache of aggregates, and how much the cache holds. */
class AggregateCacheTest extends CommandServiceTest {

    @Autowired
    @Qualifier("ideaBoardCache")
    private Cache boards;

    @Autowired
    private EventStore store;

    @Test
    void refusedCommandsLeaveTheBoardCached() throws Exception {
        String user = registerUser();
        String token = TestTokens.user(user);
        String idea = body(send("POST", "/api/ideas", token, "{\"title\":\"Cached\"}", Map.of())).get("id").asText();
        Object cached = boards.get(user + ":ideas");

        assertProblem(send("PUT", "/api/ideas/" + UUID.randomUUID() + "/star", token, null, Map.of()), 404);
        assertProblem(send("POST", "/api/ideas/" + idea + "/restore", token, "{\"undoToken\":\"x\"}", Map.of()), 409);

        assertThat(cached).isNotNull();
        assertThat((Object) boards.get(user + ":ideas")).as("the same board, not one loaded again").isSameAs(cached);
        assertThat(send("PUT", "/api/ideas/" + idea + "/star", token, null, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void aRefusalAfterAnAppliedEventDropsTheAggregate() {
        assertThat(cachedAfterFailing(() -> {
            store.publish(GenericEventMessage.asEventMessage("applied, then refused"));
            throw new CommandRefused(Reason.NOT_FOUND, "refused after applying");
        })).isFalse();
    }

    @Test
    void aFailureOtherThanARefusalDropsTheAggregate() {
        assertThat(cachedAfterFailing(() -> {
            throw new IllegalStateException("failed half way");
        })).isFalse();
    }

    @Test
    void aRefusalThatAppliedNothingKeepsTheAggregate() {
        assertThat(cachedAfterFailing(() -> {
            throw new CommandRefused(Reason.NOT_FOUND, "refused");
        })).isTrue();
    }

    @Test
    void aggregatesAreDroppedByTheWeightTheyHoldNotByTheirNumber() {
        AggregateCache cache = new AggregateCache(100, root -> ((Sized) root).weight(), store);
        List<String> keys = List.of("first", "second", "third");
        keys.forEach(key -> cache.put(key, cached(new Sized(60))));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (keys.stream().filter(cache::containsKey).count() > 1) { // Caffeine evicts after the write returns
            assertThat(System.nanoTime()).as("aggregates of 60 held beyond a weight of 100").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos()); // poll interval
        }
        assertThat(keys.stream().filter(cache::containsKey)).as("one aggregate of 60 fits a weight of 100").hasSize(1);
    }

    /** An aggregate of a given size. */
    record Sized(int weight) {
    }

    private static AggregateCacheEntry<Sized> cached(Sized root) {
        AggregateModel<Sized> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(Sized.class);
        return new AggregateCacheEntry<>(EventSourcedAggregate.initialize(root, model, null, NoSnapshotTriggerDefinition.TRIGGER));
    }

    /** Runs {@code command} in a unit of work that drops a cached entry on rollback, as Axon's repository does. */
    private boolean cachedAfterFailing(Callable<Object> command) {
        String key = "aggregate-" + UUID.randomUUID();
        boards.put(key, "an aggregate");
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.onRollback(rolledBack -> boards.remove(key));

        assertThat(unitOfWork.executeWithResult(command).isExceptional()).isTrue();

        return boards.containsKey(key);
    }
}

package dev.coda.query.projection;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.platform.eventstore.AppendedEvents;
import dev.coda.query.QueryServiceTest;
import dev.coda.testsupport.TestDatabase;
import dev.coda.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackerStatus;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A processor's read-ahead on the real event store: large events are handed out only while those not yet
 * processed hold at most the limit, and a stream that held one back has its coordinator look again soon. The payloads are
 * strings, which no projection handles, so the live processor beside the test only passes them by.
 */
class ReadAheadTest extends QueryServiceTest {

    private static final TestDatabase database = TestInfrastructure.postgres().createDatabase("read_ahead");
    private static final int LIMIT = 1_000_000;
    /** Characters of each event's serialized payload: a JSON string of 300,000 characters and its quotes. */
    private static final int EVENT_SIZE = 300_002;

    @Autowired
    private AppendedEvents events;
    @Autowired
    private Serializer serializer;

    private final AtomicLong processedUpTo = new AtomicLong();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useDatabase(database, registry);
        registry.add("coda.event-store.fallback-poll", () -> "1m"); // only the read-ahead asks for looks here
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void largeEventsAreHandedOutOnlyWhileThoseNotProcessedHoldAtMostTheLimit() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = streamOf(10, EVENT_SIZE);

        List<Long> first = takeAvailable(stream);
        assertThat(first).as("three events fit in the limit, a fourth does not").hasSize(3);
        assertThat(stream.peek()).isEmpty();

        processedUpTo.set(first.get(1));
        List<Long> second = takeAvailable(stream);
        assertThat(second).as("two processed: two more").hasSize(2);

        processedUpTo.set(second.get(1));
        List<Long> third = takeAvailable(stream);
        assertThat(third).as("all processed: the limit again").hasSize(3);
        processedUpTo.set(third.get(2));
        assertThat(takeAvailable(stream)).as("the rest").hasSize(2);
        stream.close();
    }

    @Test
    void anEventLargerThanTheLimitGoesAloneWhenNothingElseIsHeld() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = streamOf(2, LIMIT * 2);

        List<Long> first = takeAvailable(stream);
        assertThat(first).hasSize(1);
        processedUpTo.set(first.get(0));
        assertThat(takeAvailable(stream)).hasSize(1);
        stream.close();
    }

    @Test
    void aStreamThatHoldsAnEventBackAsksItsCoordinatorToLookAgainSoon() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = streamOf(4, EVENT_SIZE);
        AtomicInteger looks = new AtomicInteger();
        stream.setOnAvailableCallback(looks::incrementAndGet);
        assertThat(takeAvailable(stream)).hasSize(3);
        looks.set(0); // the appends' notifications may still call it once; the fallback poll is a minute away

        // each look the coordinator takes finds the event held back again, and asks for the next one
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (looks.get() < 10) {
            assertThat(System.nanoTime()).as("asked to look again while holding an event back").isLessThan(deadline);
            assertThat(stream.hasNextAvailable(0, MILLISECONDS)).isFalse();
            LockSupport.parkNanos(Duration.ofMillis(ReadAhead.RECHECK_MILLIS).toNanos()); // polling with a deadline
        }
        processedUpTo.set(headIndex());
        assertThat(takeAvailable(stream)).as("the last, once the others are processed").hasSize(1);
        stream.close();
    }

    /** A stream from the head on, after {@code count} events whose payloads serialize to {@code size} characters. */
    private BlockingStream<TrackedEventMessage<?>> streamOf(int count, int size) {
        long head = headIndex();
        processedUpTo.set(head);
        ReadAhead readAhead = new ReadAhead(events, serializer, LIMIT, () -> List.of(processedStatus()));
        String aggregate = "read-ahead-" + size + "-" + head;
        for (int i = 0; i < count; i++) {
            eventStore.publish(new GenericDomainEventMessage<>("Test", aggregate, i, "x".repeat(size - 2)));
        }
        return readAhead.openStream(GapAwareTrackingToken.newInstance(head, Set.of()));
    }

    private EventTrackerStatus processedStatus() {
        return new TrackerStatus(Segment.ROOT_SEGMENT, GapAwareTrackingToken.newInstance(processedUpTo.get(), Set.of()));
    }

    /** The positions of the events the stream hands out now. */
    private static List<Long> takeAvailable(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        List<Long> positions = new ArrayList<>();
        while (stream.hasNextAvailable(0, MILLISECONDS)) {
            positions.add(stream.nextAvailable().trackingToken().position().orElseThrow());
        }
        return positions;
    }
}

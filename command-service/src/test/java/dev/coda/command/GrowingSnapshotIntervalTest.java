package dev.coda.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.junit.jupiter.api.Test;

/** An aggregate's snapshots come further apart as its history grows, within the configured bounds. */
class GrowingSnapshotIntervalTest {

    private final List<Long> snapshotsAfter = new ArrayList<>();
    private long sequenceNumber;

    @Test
    void aShortHistoryIsSnapshottedAtTheMinimumInterval() {
        SnapshotTrigger trigger = triggerOf(new GrowingSnapshotInterval(this::snapshotTaken, 250, 2_500));

        handle(trigger, 1_000);

        assertThat(snapshotsAfter).containsExactly(249L, 499L, 749L, 999L);
    }

    @Test
    void aLongerHistoryWaitsForAQuarterOfItselfUpToTheMaximum() {
        SnapshotTrigger trigger = triggerOf(new GrowingSnapshotInterval(this::snapshotTaken, 250, 2_500));

        handle(trigger, 20_000);

        List<Long> intervals = new ArrayList<>();
        for (int i = 1; i < snapshotsAfter.size(); i++) {
            long history = snapshotsAfter.get(i) + 1;
            long interval = snapshotsAfter.get(i) - snapshotsAfter.get(i - 1);
            assertThat(interval).as("after %d events", history).isEqualTo(Math.max(250, Math.min(2_500, history / 4)));
            intervals.add(interval);
        }
        assertThat(intervals).isSorted().contains(250L, 2_500L).anyMatch(interval -> interval > 250 && interval < 2_500);
    }

    @Test
    void aBoardLoadedWithALongHistoryIsSnapshottedAtTheMaximumInterval() {
        sequenceNumber = 40_000;
        SnapshotTrigger loaded = triggerOf(new GrowingSnapshotInterval(this::snapshotTaken, 250, 2_500));

        handle(loaded, 5_000);

        assertThat(snapshotsAfter).containsExactly(42_499L, 44_999L);
    }

    @Test
    void theBoundsMustBeOrdered() {
        assertThatIllegalArgumentException().isThrownBy(() -> new GrowingSnapshotInterval(this::snapshotTaken, 0, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> new GrowingSnapshotInterval(this::snapshotTaken, 20, 10));
    }

    private SnapshotTrigger triggerOf(GrowingSnapshotInterval interval) {
        return interval.prepareTrigger(Object.class);
    }

    private void handle(SnapshotTrigger trigger, int events) {
        for (int i = 0; i < events; i++, sequenceNumber++) {
            trigger.eventHandled(new GenericDomainEventMessage<>("Board", "board-1", sequenceNumber, "event"));
        }
    }

    private void snapshotTaken(Class<?> aggregateType, String aggregateId) {
        snapshotsAfter.add(sequenceNumber);
    }
}

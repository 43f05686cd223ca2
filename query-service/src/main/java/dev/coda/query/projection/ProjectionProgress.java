package dev.coda.query.projection;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.LongStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether the read model has projected a given event yet. A segment claimed by this instance is judged by
 * its live status (current even when its last batch held nothing for it); a segment claimed elsewhere by
 * its stored token, which is only read when this instance does not process every event itself.
 */
@Component
public class ProjectionProgress {

    /**
     * How long a waiting read goes without looking again when no batch finishes here: the longest a token
     * is held up by a batch that had no handler to run (its status moves without a unit of work) or by a
     * segment claimed elsewhere.
     */
    private static final long LOOK_AGAIN_NANOS = Duration.ofMillis(10).toNanos();

    private final EventProcessingConfiguration processing;
    private final CommittedBatches batches;
    private final JdbcClient jdbc;
    private final Serializer serializer;

    ProjectionProgress(EventProcessingConfiguration processing, CommittedBatches batches, JdbcClient jdbc,
            Serializer serializer) {
        this.processing = processing;
        this.batches = batches;
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /**
     * Whether the read model has passed {@code globalIndex}, answered from this instance's live status alone,
     * without the database: false unless its segments cover every event.
     */
    public boolean passedHere(long globalIndex) {
        Map<Integer, EventTrackerStatus> local = liveStatus();
        return coversEveryEvent(local.values())
                && local.values().stream().allMatch(segment -> passed(segment.getTrackingToken(), globalIndex));
    }

    /**
     * Waits until every segment has passed {@code globalIndex}; false if {@code timeout} ran out first (or the
     * thread was interrupted). It looks again whenever the live processor finishes a batch, and at least every
     * {@link #LOOK_AGAIN_NANOS}. The stored tokens are read only while this instance does not process
     * every event, and again only while a segment claimed elsewhere holds the wait up.
     */
    public boolean awaitPassed(long globalIndex, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StoredToken> stored = null;
        while (true) {
            long mark = batches.count(); // before looking, so that a batch finished meanwhile is not waited for
            Map<Integer, EventTrackerStatus> local = liveStatus();
            boolean heldUpElsewhere = false;
            boolean passedEverywhere;
            if (coversEveryEvent(local.values())) {
                passedEverywhere = local.values().stream().allMatch(segment -> passed(segment.getTrackingToken(), globalIndex));
            } else {
                if (stored == null) {
                    stored = storedTokens(ReadModel.PROCESSOR);
                }
                passedEverywhere = !stored.isEmpty();
                heldUpElsewhere = stored.isEmpty();
                for (StoredToken segment : stored) {
                    EventTrackerStatus live = local.get(segment.segment());
                    if (!passed(live != null ? live.getTrackingToken() : segment.token(serializer), globalIndex)) {
                        passedEverywhere = false;
                        heldUpElsewhere |= live == null;
                    }
                }
            }
            if (passedEverywhere) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                batches.awaitAfter(mark, Math.min(left, LOOK_AGAIN_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (heldUpElsewhere) {
                stored = null;
            }
        }
    }

    /** The global index of the newest event in the store; 0 when it is empty. */
    long headIndex() {
        return jdbc.sql("SELECT coalesce(max(global_index), 0) FROM eventstore.domain_event_entry").query(Long.class).single();
    }

    /**
     * The lowest position among the stored tokens of {@code processor}: how far every segment's rows are
     * committed (a token is stored in the transaction of its batch's rows). 0 while a segment has none.
     */
    long committedPosition(String processor) {
        return storedPositions(processor).min().orElse(0);
    }

    /** The stored tokens of {@code processor}, one per segment that has one: how far each segment's rows are. */
    List<TrackingToken> committedTokens(String processor) {
        return tokens(processor).stream().filter(Objects::nonNull).toList();
    }

    /**
     * Whether every stored token of {@code processor} has seen every event that {@code tokens} have: its rows then
     * hold all theirs do, including an event that committed late, below a position both have passed.
     */
    boolean covers(String processor, List<TrackingToken> tokens) {
        List<TrackingToken> covering = tokens(processor);
        return !covering.isEmpty() && covering.stream().allMatch(token -> token != null
                && tokens.stream().allMatch(other -> token.covers(WrappedToken.unwrapUpperBound(other))));
    }

    private LongStream storedPositions(String processor) {
        return storedTokens(processor).stream().mapToLong(segment -> {
            TrackingToken token = segment.token(serializer);
            return token == null ? 0 : token.position().orElse(0);
        });
    }

    /** The status of each segment this instance has claimed, by segment id. */
    Map<Integer, EventTrackerStatus> liveStatus() {
        return processing.eventProcessor(ReadModel.PROCESSOR, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus)
                .orElse(Map.of());
    }

    /** The stored token of each segment of {@code processor}; null for a segment that has none yet. */
    private List<TrackingToken> tokens(String processor) {
        return storedTokens(processor).stream().map(segment -> segment.token(serializer)).toList();
    }

    private List<StoredToken> storedTokens(String processor) {
        return jdbc.sql("SELECT segment, token, token_type FROM token_entry WHERE processor_name = :name")
                .param("name", processor)
                .query((row, n) -> new StoredToken(row.getInt(1), row.getBytes(2), row.getString(3)))
                .list();
    }

    /** Whether {@code segments} together cover the whole stream: a segment of mask m holds 1/(m+1) of it. */
    private static boolean coversEveryEvent(Collection<EventTrackerStatus> segments) {
        double covered = 0;
        for (EventTrackerStatus segment : segments) {
            covered += 1.0 / (segment.getSegment().getMask() + 1L);
        }
        return covered >= 1.0;
    }

    private static boolean passed(TrackingToken token, long globalIndex) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= globalIndex && !gapAware.getGaps().contains(globalIndex);
        }
        return current != null && current.position().orElse(-1) >= globalIndex;
    }

    private record StoredToken(int segment, byte[] bytes, String type) {

        TrackingToken token(Serializer serializer) {
            return bytes == null ? null
                    : serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
        }
    }
}

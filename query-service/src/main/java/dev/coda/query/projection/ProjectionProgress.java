package dev.coda.query.projection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
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
 * its stored token.
 */
@Component
public class ProjectionProgress {

    private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;
    private final Serializer serializer;

    ProjectionProgress(EventProcessingConfiguration processing, JdbcClient jdbc, Serializer serializer) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /**
     * Waits until every segment has passed {@code globalIndex}; false if {@code timeout} ran out first. The
     * stored tokens are read again only while a segment claimed elsewhere holds the wait up, so a single
     * instance polls its processors' live status and not the database.
     */
    public boolean awaitPassed(long globalIndex, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StoredToken> stored = storedTokens(ReadModel.PROCESSOR);
        while (true) {
            Map<Integer, EventTrackerStatus> local = liveStatus();
            boolean passedEverywhere = !stored.isEmpty();
            boolean heldUpElsewhere = stored.isEmpty();
            for (StoredToken segment : stored) {
                EventTrackerStatus live = local.get(segment.segment());
                if (!passed(live != null ? live.getTrackingToken() : segment.token(serializer), globalIndex)) {
                    passedEverywhere = false;
                    heldUpElsewhere |= live == null;
                }
            }
            if (passedEverywhere) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (heldUpElsewhere) {
                stored = storedTokens(ReadModel.PROCESSOR);
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

    /** The highest position among the stored tokens of {@code processor}: no segment's rows are further. */
    long furthestCommittedPosition(String processor) {
        return storedPositions(processor).max().orElse(0);
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

    private List<StoredToken> storedTokens(String processor) {
        return jdbc.sql("SELECT segment, token, token_type FROM token_entry WHERE processor_name = :name")
                .param("name", processor)
                .query((row, n) -> new StoredToken(row.getInt(1), row.getBytes(2), row.getString(3)))
                .list();
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

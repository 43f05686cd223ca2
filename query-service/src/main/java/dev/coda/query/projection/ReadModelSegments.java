package dev.coda.query.projection;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Merges the read model's segments into one (see {@link ReadModel} for why one): a token store made while the
 * read model ran on two segments keeps them, since Axon's initial segment count only applies to a new store.
 * Axon's merge goes on from the lower of the two positions and hands each event on to the projections once.
 * Tried when the service starts and every minute after until one segment is left: a merge is refused while
 * another instance, or a crashed one whose claim has not yet timed out, holds a segment.
 */
@Component
class ReadModelSegments {

    private static final Logger log = LoggerFactory.getLogger(ReadModelSegments.class);
    private static final long MERGE_TIMEOUT_SECONDS = 60;

    private final EventProcessingConfiguration processing;
    private volatile boolean one;

    ReadModelSegments(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
    void mergeIntoOne() throws InterruptedException {
        if (one) {
            return;
        }
        StreamingEventProcessor live = processing.eventProcessor(ReadModel.PROCESSOR, StreamingEventProcessor.class).orElseThrow();
        int[] segments;
        while ((segments = processing.tokenStore(ReadModel.PROCESSOR).fetchSegments(ReadModel.PROCESSOR)).length > 1) {
            log.info("Merging the read model's {} segments into one", segments.length);
            try {
                if (!live.mergeSegment(segments[0]).get(MERGE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    log.warn("The read model's segments could not be merged yet (a segment is claimed elsewhere); rows "
                            + "unique across users may be lost until they are (docs/adr/0008); trying again in a minute");
                    return;
                }
            } catch (ExecutionException | TimeoutException failed) {
                log.warn("Merging the read model's segments failed; trying again in a minute", failed);
                return;
            }
        }
        one = true;
    }
}

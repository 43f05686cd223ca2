package dev.coda.query.projection;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Merges the read model's segments into one when the service has started (see {@link ReadModel} for why one):
 * a token store made while the read model ran on two segments keeps them, since Axon's initial segment count
 * only applies to a new store. Axon's merge goes on from the lower of the two positions and hands each event
 * on to the projections once. While another instance holds a segment the merge is refused; it is tried again
 * at the next start, and the log says so.
 */
@Component
class ReadModelSegments {

    private static final Logger log = LoggerFactory.getLogger(ReadModelSegments.class);
    private static final long MERGE_TIMEOUT_SECONDS = 60;

    private final EventProcessingConfiguration processing;

    ReadModelSegments(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @EventListener(ApplicationReadyEvent.class)
    void mergeIntoOne() throws InterruptedException {
        StreamingEventProcessor live = processing.eventProcessor(ReadModel.PROCESSOR, StreamingEventProcessor.class).orElseThrow();
        int[] segments;
        while ((segments = processing.tokenStore(ReadModel.PROCESSOR).fetchSegments(ReadModel.PROCESSOR)).length > 1) {
            log.info("Merging the read model's {} segments into one", segments.length);
            try {
                if (!live.mergeSegment(segments[0]).get(MERGE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    log.warn("The read model's segments could not be merged (another instance holds one); events of "
                            + "different users may be projected out of order until it is");
                    return;
                }
            } catch (ExecutionException | TimeoutException failed) {
                log.warn("Merging the read model's segments failed; trying again at the next start", failed);
                return;
            }
        }
    }
}

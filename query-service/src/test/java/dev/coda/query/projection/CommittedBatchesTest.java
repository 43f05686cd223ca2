package dev.coda.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;

/** On Axon's own unit of work, set up as its pooled processor's work package sets up a batch. */
class CommittedBatchesTest {

    private final CommittedBatches batches = new CommittedBatches();

    @Test
    void countsABatchOnceAfterTheProcessorMovedItsStatus() throws Exception {
        AtomicLong countWhenTheStatusMoved = new AtomicLong(-1);

        finishBatch(() -> countWhenTheStatusMoved.set(batches.count()));

        assertThat(countWhenTheStatusMoved).as("the status moved before the batch was counted").hasValue(0);
        assertThat(batches.count()).as("one batch of two events").isEqualTo(1);
    }

    @Test
    void aWaitEndsWhenABatchFinishes() throws Exception {
        long mark = batches.count();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                batches.awaitAfter(mark, TimeUnit.HOURS.toNanos(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        finishBatch(() -> { });

        waiting.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWaitForABatchAlreadyFinishedDoesNotWait() throws Exception {
        long mark = batches.count();
        finishBatch(() -> { });

        long started = System.nanoTime();
        batches.awaitAfter(mark, TimeUnit.SECONDS.toNanos(30));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    /**
     * A batch of two events through the interceptor; {@code statusMoved} runs where the work package moves the
     * processor's status: an after-commit handler registered before the batch is processed.
     */
    private void finishBatch(Runnable statusMoved) throws Exception {
        List<EventMessage<?>> events = List.of(GenericEventMessage.asEventMessage("a"), GenericEventMessage.asEventMessage("b"));
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.afterCommit(done -> statusMoved.run());
        MessageHandler<EventMessage<?>> handler = event -> null;
        batch.executeWithResult(() -> new DefaultInterceptorChain<>(batch, List.of(batches), handler).proceed());
    }
}

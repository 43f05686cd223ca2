package dev.coda.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LogBatcherTest {

    @Test
    void linesLeaveInOrderInBatchesWithinTheServersLimits() throws Exception {
        List<List<CodaApi.LogLine>> batches = new ArrayList<>();
        try (LogBatcher batcher = new LogBatcher((sequence, batch) -> batches.add(List.copyOf(batch)))) {
            for (int i = 0; i < 2_500; i++) {
                batcher.add("info", "line " + i);
            }
        }

        List<CodaApi.LogLine> all = batches.stream().flatMap(List::stream).toList();
        assertThat(all).extracting(CodaApi.LogLine::message)
                .containsExactlyElementsOf(IntStream.range(0, 2_500).mapToObj(i -> "line " + i).toList());
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(LogBatcher.MAX_LINES));
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).timestamp()).isAfterOrEqualTo(all.get(i - 1).timestamp());
        }
    }

    @Test
    void anOverlongLineIsCutToTheServersLimit() throws Exception {
        List<CodaApi.LogLine> sent = new ArrayList<>();
        try (LogBatcher batcher = new LogBatcher((sequence, batch) -> sent.addAll(batch))) {
            batcher.add("error", "x".repeat(LogBatcher.MAX_LINE_CHARS + 10));
        }

        assertThat(sent).singleElement().satisfies(line -> assertThat(line.message()).hasSize(LogBatcher.MAX_LINE_CHARS));
    }

    @Test
    void aNulCharacterOfBinaryOutputIsSentAsAReplacementCharacter() throws Exception {
        List<CodaApi.LogLine> sent = new ArrayList<>();
        try (LogBatcher batcher = new LogBatcher((sequence, batch) -> sent.addAll(batch))) {
            batcher.add("info", "a\0b");
        }

        assertThat(sent).singleElement().satisfies(line -> assertThat(line.message()).isEqualTo("a\uFFFDb"));
    }

    @Test
    void batchesAreNumberedFromOneInTheOrderTheyAreSent() throws Exception {
        List<Long> sequences = new ArrayList<>();
        try (LogBatcher batcher = new LogBatcher((sequence, batch) -> sequences.add(sequence))) {
            for (int i = 0; i < 3 * LogBatcher.MAX_LINES; i++) {
                batcher.add("info", "line " + i);
            }
        }

        assertThat(sequences).hasSizeGreaterThanOrEqualTo(3)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, sequences.size()).boxed().toList());
    }

    @Test
    void aLineThatFindsTheNextBatchFullWaitsUntilTheOneBeingSentIsTaken() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        List<CodaApi.LogLine> sent = new CopyOnWriteArrayList<>();
        LogBatcher batcher = new LogBatcher((sequence, batch) -> {
            taken.await(); // Coda slow to take the first batch
            sent.addAll(batch);
        });
        Thread output = new Thread(() -> {
            for (int i = 0; i < 2 * LogBatcher.MAX_LINES + 1; i++) {
                batcher.add("info", "line " + i);
            }
        });
        output.start();

        Await.until("the last line waits for room", () -> output.getState() == Thread.State.WAITING && sent.isEmpty());
        taken.countDown();
        output.join(Await.DEADLINE.toMillis());
        batcher.close();

        assertThat(sent).extracting(CodaApi.LogLine::message)
                .containsExactlyElementsOf(IntStream.range(0, 2 * LogBatcher.MAX_LINES + 1).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void abandonedItGivesUpTheBatchBeingSentAtOnce() {
        LogBatcher batcher = new LogBatcher((sequence, batch) -> new CountDownLatch(1).await()); // Coda never takes it
        batcher.add("info", "hello");

        batcher.abandon();

        assertTimeoutPreemptively(Await.DEADLINE, () -> assertThatThrownBy(batcher::close).isInstanceOf(InterruptedException.class));
    }

    @Test
    void afterAFailureToSendNothingMoreIsSent() {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        LogBatcher batcher = new LogBatcher((sequence, batch) -> {
            attempts.incrementAndGet();
            throw new java.io.IOException("server gone");
        });
        for (int i = 0; i < 5 * LogBatcher.MAX_LINES; i++) {
            batcher.add("info", "line " + i);
        }

        assertThatThrownBy(batcher::close).hasMessage("server gone");
        assertThat(attempts).as("one failed send, then nothing more is tried").hasValue(1);
    }

    @Test
    void aFailureToSendIsReportedWhenTheJobEnds() {
        LogBatcher batcher = new LogBatcher((sequence, batch) -> {
            throw new java.io.IOException("server gone");
        });
        batcher.add("info", "hello");

        assertThatThrownBy(batcher::close).hasMessage("server gone");
    }
}

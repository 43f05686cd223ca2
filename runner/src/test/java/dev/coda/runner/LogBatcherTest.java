package dev.coda.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogBatcherTest {

    @Test
    void linesLeaveInOrderInBatchesWithinTheServersLimits() throws Exception {
        List<List<CodaApi.LogLine>> batches = new ArrayList<>();
        try (LogBatcher batcher = new LogBatcher(batch -> batches.add(List.copyOf(batch)))) {
            for (int i = 0; i < 2_500; i++) {
                batcher.add("info", "line " + i);
            }
        }

        List<CodaApi.LogLine> all = batches.stream().flatMap(List::stream).toList();
        assertThat(all).extracting(CodaApi.LogLine::message)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 2_500).mapToObj(i -> "line " + i).toList());
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(LogBatcher.MAX_LINES));
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).timestamp()).isAfterOrEqualTo(all.get(i - 1).timestamp());
        }
    }

    @Test
    void anOverlongLineIsCutToTheServersLimit() throws Exception {
        List<CodaApi.LogLine> sent = new ArrayList<>();
        try (LogBatcher batcher = new LogBatcher(sent::addAll)) {
            batcher.add("error", "x".repeat(LogBatcher.MAX_LINE_CHARS + 10));
        }

        assertThat(sent).singleElement().satisfies(line -> assertThat(line.message()).hasSize(LogBatcher.MAX_LINE_CHARS));
    }

    @Test
    void aNulCharacterOfBinaryOutputIsSentAsAReplacementCharacter() throws Exception {
        List<CodaApi.LogLine> sent = new ArrayList<>();
        try (LogBatcher batcher = new LogBatcher(sent::addAll)) {
            batcher.add("info", "a\0b");
        }

        assertThat(sent).singleElement().satisfies(line -> assertThat(line.message()).isEqualTo("a\uFFFDb"));
    }

    @Test
    void afterAFailureToSendNothingMoreIsSent() {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        LogBatcher batcher = new LogBatcher(batch -> {
            attempts.incrementAndGet();
            throw new java.io.IOException("server gone");
        });
        for (int i = 0; i < 5 * LogBatcher.MAX_LINES; i++) {
            batcher.add("info", "line " + i);
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(batcher::close).hasMessage("server gone");
        assertThat(attempts).as("one failed send, then nothing more is tried").hasValue(1);
    }

    @Test
    void aFailureToSendIsReportedWhenTheJobEnds() {
        LogBatcher batcher = new LogBatcher(batch -> {
            throw new java.io.IOException("server gone");
        });
        batcher.add("info", "hello");

        org.assertj.core.api.Assertions.assertThatThrownBy(batcher::close).hasMessage("server gone");
    }
}

package dev.coda.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.system.BenchmarkReport.Figure;
import dev.coda.system.BenchmarkReport.Goal;
import dev.coda.system.BenchmarkReport.Outcome;
import dev.coda.system.BenchmarkReport.Section;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's goals: met or missed, and by how much, from the figures of the same run. */
class BenchmarkReportTest {

    private final Section section = new Section("Commands", "setup", List.of(
            Figure.against("16 clients: commands", 400, "/s", "raw appends", 4000),
            Figure.of("visible: p99", 124, "ms"),
            Figure.of("rebuild", 25_000, "events/s")));

    @Test
    void aGoalOnARatioMissedSaysHowMuchOfItWasReached() {
        assertThat(Goal.ratioAtLeast("16 clients: commands", 0.5).outcome(section)).isEqualTo(new Outcome("Commands",
                "16 clients: commands >= 0.50x raw appends", "0.10x", false, "missed: 20% of the goal"));
    }

    @Test
    void aLimitMissedSaysHowFarOverItTheFigureWas() {
        assertThat(Goal.atMost("visible: p99", 50).outcome(section)).isEqualTo(new Outcome("Commands",
                "visible: p99 <= 50.00 ms", "124 ms", false, "missed: 2.48x the limit"));
    }

    @Test
    void aGoalReachedIsMet() {
        assertThat(Goal.atLeast("rebuild", 20_000).outcome(section)).satisfies(outcome -> {
            assertThat(outcome.met()).isTrue();
            assertThat(outcome.by()).isEqualTo("met");
        });
    }

    @Test
    void aGoalOnAFigureThisRunDidNotMeasureIsNotMetAndSaysSo() {
        assertThat(Goal.atMost("64 clients: p99", 10).outcome(section)).isEqualTo(new Outcome("Commands",
                "64 clients: p99 <= 10.00", "not measured", false, "not measured in this run"));
        assertThat(Goal.ratioAtMost("rebuild", 1).outcome(section)).as("a figure without a baseline has no ratio")
                .isEqualTo(new Outcome("Commands", "rebuild <= 1.00x its baseline", "not measured", false, "not measured in this run"));
    }
}

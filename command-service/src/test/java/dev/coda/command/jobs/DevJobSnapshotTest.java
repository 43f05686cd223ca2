package dev.coda.command.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coda.command.SnapshotShape;
import dev.coda.contracts.devmode.JobEvent.JobFinished;
import dev.coda.contracts.devmode.JobEvent.JobLogsAppended;
import dev.coda.contracts.devmode.JobEvent.JobRequested;
import dev.coda.contracts.devmode.JobEvent.JobStarted;
import dev.coda.contracts.devmode.JobEvent.LogLine;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A job's snapshot: read back as the job it was taken of, in the shape of its revision. */
class DevJobSnapshotTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:15:30.123456Z");

    @Test
    void aSnapshotReadBackIsTheJobItWasTakenOf() {
        DevJob job = new DevJob();
        UUID jobId = UUID.randomUUID();
        job.on(new JobRequested("u1", jobId, UUID.randomUUID(), "make test", "/src", AT));
        job.on(new JobStarted("u1", jobId, UUID.randomUUID(), UUID.randomUUID(), AT.plusMillis(1)));
        job.on(new JobLogsAppended("u1", jobId, 3L, List.of(new LogLine("info", "hello", AT)), AT.plusMillis(2)));
        job.on(new JobFinished("u1", jobId, 3, AT.plusMillis(3)));

        DevJob readBack = SnapshotShape.writtenAndReadBack(job);

        assertThat(readBack).usingRecursiveComparison().isEqualTo(job);
        assertThat(readBack).usingRecursiveComparison().isNotEqualTo(new DevJob());
    }

    /**
     * A snapshot of another revision is not used (CurrentSnapshotShapes), so one written before a change of the
     * job's fields must not be read after it. When this fails: set a new {@code DevJob.SNAPSHOT_REVISION}, then
     * update the list.
     */
    @Test
    void theSnapshotsShapeIsTheOneOfItsRevision() {
        assertThat(DevJob.SNAPSHOT_REVISION).isEqualTo("7");
        assertThat(SnapshotShape.fieldsOf(DevJob.class)).containsExactly(
                "DevJob.jobId UUID",
                "DevJob.userId String",
                "DevJob.ideaId UUID",
                "DevJob.status Status",
                "DevJob.pairingId UUID",
                "DevJob.attempt UUID",
                "DevJob.lastSequence Long",
                "DevJob.logCharacters long",
                "DevJob.lastLineAt Instant",
                "DevJob.exitCode Integer");
    }
}

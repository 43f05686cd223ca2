package dev.coda.command.jobs;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.coda.command.CommandRefused;
import dev.coda.command.CommandRefused.Reason;
import dev.coda.command.ideas.ActiveIdeas;
import dev.coda.command.jobs.JobCommand.AbandonJob;
import dev.coda.command.jobs.JobCommand.AppendJobLogs;
import dev.coda.command.jobs.JobCommand.CancelJob;
import dev.coda.command.jobs.JobCommand.FinishJob;
import dev.coda.command.jobs.JobCommand.KeepJobAlive;
import dev.coda.command.jobs.JobCommand.RequestJob;
import dev.coda.command.jobs.JobCommand.StartJob;
import dev.coda.command.users.UnknownUser;
import dev.coda.command.users.UserRegistry;
import dev.coda.contracts.EventRevision;
import dev.coda.contracts.devmode.JobEvent.JobAbandoned;
import dev.coda.contracts.devmode.JobEvent.JobCancelled;
import dev.coda.contracts.devmode.JobEvent.JobFinished;
import dev.coda.contracts.devmode.JobEvent.JobLogsAppended;
import dev.coda.contracts.devmode.JobEvent.JobRequested;
import dev.coda.contracts.devmode.JobEvent.JobStarted;
import dev.coda.contracts.devmode.JobEvent.LogLine;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A command a user asked to run for one of their ideas, and its lifecycle as a state machine:
 * pending -> running -> completed | failed, or cancelled by the user (failed) before it finishes. Once a
 * runner starts the job, only that runner (its pairing) may append logs and finish it. A runner that numbers its
 * batches of logs (counting up, gaps allowed: a runner leaves out a batch it could not deliver) may send the last one
 * again when it did not get the answer: it is acknowledged and not stored twice, and a batch numbered below it is
 * refused, never silently dropped. A running job is held by its runner for a lease
 * ({@link JobLeases}) that the runner's heartbeats and logs renew; once it runs out, the job is abandoned (failed).
 * A handler refuses ({@code CommandRefused}) before it applies anything: a refused command leaves the cached job as
 * it is ({@code AggregateCache}).
 */
@Aggregate(cache = "devJobCache", snapshotTriggerDefinition = "devJobSnapshots")
@EventRevision(DevJob.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class DevJob {

    /**
     * The shape of a job's snapshot (its fields, and how the event sourcing handlers derive them): a snapshot of
     * another revision is not used, so a change must come with a new revision (DevJobSnapshotTest says when the
     * fields change).
     */
    static final String SNAPSHOT_REVISION = "7";

    enum Status { PENDING, RUNNING, FINISHED }

    @AggregateIdentifier
    private UUID jobId;
    private String userId;
    private UUID ideaId;
    private Status status;
    private UUID pairingId;
    /**
     * The runner's id for the start that started the job: a second runner process on the same pairing (two started
     * with one token file) starts it with another, and is refused instead of running the job twice.
     */
    private UUID attempt;
    /** The number of the last numbered batch of logs taken, if any. */
    private Long lastSequence;
    /** The characters of log messages the job keeps. */
    private long logCharacters;
    /** The time of the job's latest log line; null before its first. */
    private Instant lastLineAt;
    /** The exit code its runner finished the job with; null while it runs, and when it was cancelled or abandoned. */
    private Integer exitCode;

    protected DevJob() {
    }

    @CommandHandler
    public DevJob(RequestJob command, ActiveIdeas ideas) {
        if (!ideas.isActive(command.userId(), command.ideaId())) {
            throw new CommandRefused(Reason.NOT_FOUND, "No such idea.");
        }
        apply(new JobRequested(command.userId(), command.jobId(), command.ideaId(), command.command(), command.cwd(), now()));
    }

    @CommandHandler
    void handle(StartJob command, JobLeases leases, ActiveIdeas ideas, UserRegistry users, JobsProperties limits) {
        requireOwner(command.userId());
        // a runner before 0.5 sends no attempt: its retry is taken as before, by its pairing alone
        if (status == Status.RUNNING && command.pairingId().equals(pairingId) && Objects.equals(command.attempt(), attempt)) {
            leases.renew(jobId); // its runner lost the answer and sends the start again: answered as before
            return;
        }
        require(status == Status.PENDING, "Only a pending job can be started.");
        // a runner may have listed the job before its idea went to the trash
        require(ideas.isActive(userId, ideaId), "The job's idea is in the trash: the job waits until it is restored.");
        if (!users.lock(userId)) {
            throw new UnknownUser();
        }
        if (leases.running(userId) >= limits.maxRunningJobsPerUser()) {
            throw new CommandRefused(Reason.TOO_MANY_RUNNING_JOBS, "A user's runners run at most "
                    + limits.maxRunningJobsPerUser() + " jobs at once: the job waits until one of them ends.");
        }
        apply(new JobStarted(userId, jobId, command.pairingId(), command.attempt(), now()));
        leases.grant(userId, jobId);
    }

    @CommandHandler
    void handle(KeepJobAlive command, JobLeases leases) {
        requireRunner(command.userId(), command.pairingId());
        require(status == Status.RUNNING, "Only a running job can be kept alive.");
        leases.renew(jobId);
    }

    /** Whether the job was abandoned: not when it ended meanwhile, or its runner renewed its lease. */
    @CommandHandler
    boolean handle(AbandonJob command, JobLeases leases) {
        requireOwner(command.userId());
        if (status != Status.RUNNING) {
            leases.drop(jobId);
            return false;
        }
        if (!leases.revokeExpired(jobId)) {
            return false;
        }
        apply(new JobAbandoned(userId, jobId, now()));
        return true;
    }

    @CommandHandler
    void handle(AppendJobLogs command, JobLeases leases, JobsProperties limits) {
        requireRunner(command.userId(), command.pairingId());
        require(status == Status.RUNNING, "Logs can only be appended to a running job.");
        if (command.sequence() != null && lastSequence != null && command.sequence() < lastSequence) {
            throw new CommandRefused(Reason.LOG_BATCH_OUT_OF_ORDER, "Batch " + command.sequence() + " came after batch "
                    + lastSequence + ": a job's batches are numbered counting up, and sent one after the other.");
        }
        boolean takenAlready = command.sequence() != null && command.sequence().equals(lastSequence);
        if (!takenAlready && logCharacters + charactersOf(command.lines()) > limits.maxLogCharactersPerJob()) {
            throw new CommandRefused(Reason.JOB_LOG_FULL, "A job keeps at most " + limits.maxLogCharactersPerJob()
                    + " characters of log messages; this job's log is full.");
        }
        leases.renew(jobId);
        if (takenAlready) {
            return; // the runner sends it again because the answer did not reach it
        }
        apply(new JobLogsAppended(userId, jobId, command.sequence(), neverBack(command.lines()), now()));
    }

    /**
     * The lines, each at its own time or at the latest line's before it, whichever is later. A log is read in time
     * order, and a page or a live tail goes on after the last line it gave: a line stamped earlier than one already
     * taken (a runner's clock set back) would never reach either. Coda's runner stamps its lines so already.
     */
    private List<LogLine> neverBack(List<LogLine> lines) {
        List<LogLine> inOrder = new ArrayList<>(lines.size());
        Instant latest = lastLineAt;
        for (LogLine line : lines) {
            if (latest != null && line.timestamp().isBefore(latest)) {
                line = new LogLine(line.level(), line.message(), latest);
            }
            latest = line.timestamp();
            inOrder.add(line);
        }
        return inOrder;
    }

    @CommandHandler
    void handle(FinishJob command, JobLeases leases) {
        requireRunner(command.userId(), command.pairingId());
        if (status == Status.FINISHED && Objects.equals(exitCode, command.exitCode())) {
            return; // its runner lost the answer and sends the finish again: answered as before
        }
        require(status == Status.RUNNING, "Only a running job can be finished.");
        apply(new JobFinished(userId, jobId, command.exitCode(), now()));
        leases.drop(jobId);
    }

    @CommandHandler
    void handle(CancelJob command, JobLeases leases) {
        requireOwner(command.userId());
        require(status != Status.FINISHED, "The job has already ended.");
        apply(new JobCancelled(userId, jobId, now()));
        leases.drop(jobId);
    }

    /** Another user's job does not exist for the caller. */
    private void requireOwner(String caller) {
        if (!userId.equals(caller)) {
            throw new CommandRefused(Reason.NOT_FOUND, "No such job.");
        }
    }

    /** Once started, a job belongs to the runner that started it; to other runners it does not exist. */
    private void requireRunner(String caller, UUID runner) {
        requireOwner(caller);
        if (pairingId != null && !pairingId.equals(runner)) {
            throw new CommandRefused(Reason.NOT_FOUND, "No such job.");
        }
    }

    private static void require(boolean allowed, String message) {
        if (!allowed) {
            throw new CommandRefused(Reason.ILLEGAL_JOB_TRANSITION, message);
        }
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @EventSourcingHandler
    void on(JobRequested event) {
        jobId = event.jobId();
        userId = event.userId();
        ideaId = event.ideaId();
        status = Status.PENDING;
    }

    @EventSourcingHandler
    void on(JobStarted event) {
        status = Status.RUNNING;
        pairingId = event.pairingId();
        attempt = event.attempt();
    }

    @EventSourcingHandler
    void on(JobLogsAppended event) {
        if (event.sequence() != null) {
            lastSequence = event.sequence();
        }
        logCharacters += charactersOf(event.lines());
        for (LogLine line : event.lines()) { // the latest, also of batches taken before lines were kept in order
            if (lastLineAt == null || line.timestamp().isAfter(lastLineAt)) {
                lastLineAt = line.timestamp();
            }
        }
    }

    private static long charactersOf(List<LogLine> lines) {
        return lines.stream().mapToLong(line -> line.message().length()).sum();
    }

    @EventSourcingHandler
    void on(JobFinished event) {
        status = Status.FINISHED;
        exitCode = event.exitCode();
    }

    @EventSourcingHandler
    void on(JobCancelled event) {
        status = Status.FINISHED;
    }

    @EventSourcingHandler
    void on(JobAbandoned event) {
        status = Status.FINISHED;
    }
}

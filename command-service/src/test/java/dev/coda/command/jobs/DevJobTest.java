package dev.coda.command.jobs;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

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
import dev.coda.contracts.devmode.JobEvent.JobAbandoned;
import dev.coda.contracts.devmode.JobEvent.JobCancelled;
import dev.coda.contracts.devmode.JobEvent.JobFinished;
import dev.coda.contracts.devmode.JobEvent.JobLogsAppended;
import dev.coda.contracts.devmode.JobEvent.JobRequested;
import dev.coda.contracts.devmode.JobEvent.JobStarted;
import dev.coda.contracts.devmode.JobEvent.LogLine;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import dev.coda.command.CommandRefused;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevJobTest {

    private static final String USER = "u1";
    private final UUID job = UUID.randomUUID();
    private final UUID idea = UUID.randomUUID();
    private final UUID runner = UUID.randomUUID();
    private final UUID attempt = UUID.randomUUID();
    private final ActiveIdeas ideas = mock(ActiveIdeas.class);
    private final JobLeases leases = mock(JobLeases.class);
    private final UserRegistry users = mock(UserRegistry.class);
    private final List<LogLine> lines = List.of(new LogLine("info", "hello", Instant.parse("2026-11-25T10:00:00Z")));
    private AggregateTestFixture<DevJob> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DevJob.class);
        fixture.registerInjectableResource(ideas);
        fixture.registerInjectableResource(leases);
        fixture.registerInjectableResource(users);
        fixture.registerInjectableResource(new JobsProperties(100, Duration.ofMinutes(5), Duration.ofSeconds(30), 15, 2));
        when(ideas.isActive(USER, idea)).thenReturn(true);
        when(users.lock(USER)).thenReturn(true);
    }

    private Instant now() {
        return fixture.currentTime().truncatedTo(ChronoUnit.MICROS);
    }

    private JobRequested requested() {
        return new JobRequested(USER, job, idea, "make test", "/src", now());
    }

    private JobStarted started() {
        return new JobStarted(USER, job, runner, attempt, now());
    }

    @Test
    void aUserRequestsAJobForOneOfTheirIdeas() {
        fixture.givenNoPriorActivity()
                .when(new RequestJob(USER, job, idea, "make test", "/src"))
                .expectEvents(new JobRequested(USER, job, idea, "make test", "/src", now()));
    }

    @Test
    void aJobForAnIdeaTheUserDoesNotHaveIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RequestJob(USER, job, UUID.randomUUID(), "rm -rf /", null))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void aRunnerStartsAPendingJob() {
        fixture.given(requested())
                .when(new StartJob(USER, job, runner, attempt))
                .expectEvents(new JobStarted(USER, job, runner, attempt, now()));
    }

    @Test
    void aJobBeyondTheMostRunningAtOnceWaits() {
        when(leases.running(USER)).thenReturn(2);
        fixture.given(requested())
                .when(new StartJob(USER, job, runner, attempt))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("A user's runners run at most 2 jobs at once: the job waits until one of them ends.")
                .expectNoEvents();
        verify(leases, never()).grant(USER, job);
    }

    @Test
    void aJobOfAUserDeletedMeanwhileIsNotStarted() {
        when(users.lock(USER)).thenReturn(false);
        fixture.given(requested())
                .when(new StartJob(USER, job, runner, attempt))
                .expectException(UnknownUser.class)
                .expectNoEvents();
    }

    @Test
    void aJobWhoseIdeaWentToTheTrashAfterItWasListedWaits() {
        when(ideas.isActive(USER, idea)).thenReturn(false);
        fixture.given(requested())
                .when(new StartJob(USER, job, runner, attempt))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("The job's idea is in the trash: the job waits until it is restored.")
                .expectNoEvents();
        verifyNoInteractions(leases);
    }

    @Test
    void aStartSentAgainByItsRunnerIsAnsweredAsBeforeAndRenewsTheLease() {
        fixture.given(requested(), started())
                .when(new StartJob(USER, job, runner, attempt))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();

        verify(leases).renew(job);
        verify(leases, never()).grant(USER, job);
    }

    @Test
    void aSecondRunnerProcessOnTheSamePairingCannotStartARunningJob() {
        fixture.given(requested(), started())
                .when(new StartJob(USER, job, runner, UUID.randomUUID()))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("Only a pending job can be started.")
                .expectNoEvents();
    }

    @Test
    void aRunnerBefore05WhichSendsNoAttemptHasItsRetryTakenAsBefore() {
        fixture.given(requested(), new JobStarted(USER, job, runner, null, now()))
                .when(new StartJob(USER, job, runner, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aStartWithoutAnAttemptIsNoRetryOfOneWithAnAttempt() {
        fixture.given(requested(), started())
                .when(new StartJob(USER, job, runner, null))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void anotherRunnerCannotStartARunningJob() {
        fixture.given(requested(), started())
                .when(new StartJob(USER, job, UUID.randomUUID(), UUID.randomUUID()))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("Only a pending job can be started.")
                .expectNoEvents();
    }

    @Test
    void anotherUsersRunnerCannotStartTheJob() {
        fixture.given(requested())
                .when(new StartJob("u2", job, UUID.randomUUID(), UUID.randomUUID()))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("No such job.")
                .expectNoEvents();
    }

    @Test
    void logsAreAppendedToARunningJobAsOneEventPerBatchAndRenewItsLease() {
        fixture.given(requested(), started())
                .when(new AppendJobLogs(USER, job, runner, null, lines))
                .expectEvents(new JobLogsAppended(USER, job, null, lines, now()));

        verify(leases).renew(job);
    }

    @Test
    void aLineStampedBeforeTheLatestIsKeptAtTheLatestsTime() {
        Instant at = Instant.parse("2026-11-30T10:00:05Z");
        List<LogLine> earlier = List.of(new LogLine("info", "b", at.minusSeconds(1)),
                new LogLine("info", "c", at.plusSeconds(1)), new LogLine("info", "d", at));
        fixture.given(requested(), started(), new JobLogsAppended(USER, job, 1L, List.of(new LogLine("info", "a", at)), now()))
                .when(new AppendJobLogs(USER, job, runner, 2L, earlier))
                .expectEvents(new JobLogsAppended(USER, job, 2L, List.of(new LogLine("info", "b", at),
                        new LogLine("info", "c", at.plusSeconds(1)), new LogLine("info", "d", at.plusSeconds(1))), now()));
    }

    @Test
    void aStartedJobIsLeasedToItsRunnerWhoseHeartbeatsRenewTheLease() {
        fixture.given(requested())
                .when(new StartJob(USER, job, runner, attempt))
                .expectSuccessfulHandlerExecution();
        fixture.given(requested(), started())
                .when(new KeepJobAlive(USER, job, runner))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();

        verify(leases).grant(USER, job);
        verify(leases).renew(job);
    }

    @Test
    void onlyTheJobsRunnerKeepsARunningJobAlive() {
        fixture.given(requested(), started())
                .when(new KeepJobAlive(USER, job, UUID.randomUUID()))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("No such job.");
        fixture.given(requested(), started(), new JobFinished(USER, job, 0, now()))
                .when(new KeepJobAlive(USER, job, runner))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("Only a running job can be kept alive.");

        verify(leases, never()).renew(job);
    }

    @Test
    void aRunningJobWhoseLeaseRanOutIsAbandoned() {
        when(leases.revokeExpired(job)).thenReturn(true);

        fixture.given(requested(), started())
                .when(new AbandonJob(USER, job))
                .expectResultMessagePayload(true)
                .expectEvents(new JobAbandoned(USER, job, now()));
        fixture.given(requested(), started(), new JobAbandoned(USER, job, now()))
                .when(new FinishJob(USER, job, runner, 0))
                .expectException(CommandRefused.class)
                .expectNoEvents();
        verify(leases).revokeExpired(job);
    }

    @Test
    void aJobWhoseLeaseWasRenewedOrThatEndedIsNotAbandoned() {
        when(leases.revokeExpired(job)).thenReturn(false);

        fixture.given(requested(), started())
                .when(new AbandonJob(USER, job))
                .expectResultMessagePayload(false)
                .expectNoEvents();
        fixture.given(requested(), started(), new JobCancelled(USER, job, now()))
                .when(new AbandonJob(USER, job))
                .expectResultMessagePayload(false)
                .expectNoEvents();
        verify(leases).drop(job);
    }

    @Test
    void anEndedJobLeavesNoLease() {
        fixture.given(requested(), started())
                .when(new FinishJob(USER, job, runner, 0))
                .expectSuccessfulHandlerExecution();
        fixture.given(requested(), started())
                .when(new CancelJob(USER, job))
                .expectSuccessfulHandlerExecution();

        verify(leases, times(2)).drop(job);
    }

    @Test
    void aNumberedBatchSentAgainIsAcknowledgedAndNotStoredTwice() {
        fixture.given(requested(), started(), new JobLogsAppended(USER, job, 1L, lines, now()),
                        new JobLogsAppended(USER, job, 2L, lines, now()))
                .when(new AppendJobLogs(USER, job, runner, 2L, lines))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aBatchNumberedBelowTheLastIsRefusedNotDropped() {
        fixture.given(requested(), started(), new JobLogsAppended(USER, job, 3L, lines, now()))
                .when(new AppendJobLogs(USER, job, runner, 2L, lines))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("Batch 2 came after batch 3: a job's batches are numbered counting up, and sent one after the other.")
                .expectNoEvents();
        verifyNoInteractions(leases);
    }

    @Test
    void aJobKeepsSoManyCharactersOfLogsAndABatchBeyondIsRefused() { // 15 here; each batch holds "hello", 5
        JobLogsAppended first = new JobLogsAppended(USER, job, 1L, lines, now());
        JobLogsAppended second = new JobLogsAppended(USER, job, 2L, lines, now());
        fixture.given(requested(), started(), first, second)
                .when(new AppendJobLogs(USER, job, runner, 3L, lines))
                .expectEvents(new JobLogsAppended(USER, job, 3L, lines, now()));
        JobLogsAppended third = new JobLogsAppended(USER, job, 3L, lines, now());
        fixture.given(requested(), started(), first, second, third)
                .when(new AppendJobLogs(USER, job, runner, 4L, lines))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("A job keeps at most 15 characters of log messages; this job's log is full.")
                .expectNoEvents();
        fixture.given(requested(), started(), first, second, third)
                .when(new AppendJobLogs(USER, job, runner, 3L, lines)) // the last one again: taken already, not refused
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aBatchAfterAGapIsTaken() { // the runner left out a batch it could not deliver
        fixture.given(requested(), started(), new JobLogsAppended(USER, job, 1L, lines, now()))
                .when(new AppendJobLogs(USER, job, runner, 3L, lines))
                .expectEvents(new JobLogsAppended(USER, job, 3L, lines, now()));
    }

    @Test
    void theNextNumberedBatchIsTaken() {
        fixture.given(requested(), started(), new JobLogsAppended(USER, job, 1L, lines, now()),
                        new JobLogsAppended(USER, job, null, lines, now()))
                .when(new AppendJobLogs(USER, job, runner, 2L, lines))
                .expectEvents(new JobLogsAppended(USER, job, 2L, lines, now()));
    }

    @Test
    void aBatchSentAgainAfterTheEndIsRefusedAsAnyLogsAfterTheEnd() {
        fixture.given(requested(), started(), new JobLogsAppended(USER, job, 1L, lines, now()), new JobFinished(USER, job, 0, now()))
                .when(new AppendJobLogs(USER, job, runner, 1L, lines))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void noLogsBeforeTheStart() {
        fixture.given(requested())
                .when(new AppendJobLogs(USER, job, runner, null, lines))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("Logs can only be appended to a running job.")
                .expectNoEvents();
    }

    @Test
    void noLogsAfterTheEnd() {
        fixture.given(requested(), started(), new JobFinished(USER, job, 0, now()))
                .when(new AppendJobLogs(USER, job, runner, null, lines))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void onlyTheRunnerThatStartedTheJobMayReportOnIt() {
        fixture.given(requested(), started())
                .when(new AppendJobLogs(USER, job, UUID.randomUUID(), null, lines))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("No such job.")
                .expectNoEvents();
    }

    @Test
    void aRunningJobFinishesWithItsExitCodeOnce() {
        fixture.given(requested(), started())
                .when(new FinishJob(USER, job, runner, 3))
                .expectEvents(new JobFinished(USER, job, 3, now()));
        fixture.given(requested(), started(), new JobFinished(USER, job, 3, now()))
                .when(new FinishJob(USER, job, runner, 0))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("Only a running job can be finished.")
                .expectNoEvents();
    }

    @Test
    void aFinishSentAgainByItsRunnerIsAnsweredAsBefore() { // the runner lost the answer: not told the job was cancelled
        fixture.given(requested(), started(), new JobFinished(USER, job, 3, now()))
                .when(new FinishJob(USER, job, runner, 3))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(requested(), started(), new JobCancelled(USER, job, now()))
                .when(new FinishJob(USER, job, runner, 3))
                .expectException(CommandRefused.class)
                .expectNoEvents();
        fixture.given(requested(), started(), new JobFinished(USER, job, 3, now()))
                .when(new FinishJob(USER, job, UUID.randomUUID(), 3))
                .expectException(CommandRefused.class)
                .expectExceptionMessage("No such job.")
                .expectNoEvents();
    }

    @Test
    void theUserCancelsAPendingOrRunningJobButNotAFinishedOne() {
        fixture.given(requested())
                .when(new CancelJob(USER, job))
                .expectEvents(new JobCancelled(USER, job, now()));
        fixture.given(requested(), started())
                .when(new CancelJob(USER, job))
                .expectEvents(new JobCancelled(USER, job, now()));
        fixture.given(requested(), started(), new JobFinished(USER, job, 0, now()))
                .when(new CancelJob(USER, job))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }

    @Test
    void aCancelledJobCannotBeStarted() {
        fixture.given(requested(), new JobCancelled(USER, job, now()))
                .when(new StartJob(USER, job, runner, attempt))
                .expectException(CommandRefused.class)
                .expectNoEvents();
    }
}

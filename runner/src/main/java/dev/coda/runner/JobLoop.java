package dev.coda.runner;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Polls for the user's pending jobs and runs them one at a time: start, stream stdout (info) and stderr
 * (error) as log batches, report the exit code. A job that outlives its timeout is killed with its process
 * tree and reported with exit code {@value #TIMED_OUT}; one the user cancelled is killed as soon as the runner
 * learns of it, from a refused batch of logs or, for a silent job, from its status, asked every poll interval.
 * A job is over when its command exits, and ends with every process it started ({@link JobProcesses}); output
 * that processes which left its process group still write is read for {@value #OUTPUT_GRACE_MILLIS} ms more at
 * most (the JDK closes the output of a process that exited unless a read is waiting on it), not waited for.
 * Coda unreachable, or failing, costs a poll, never the runner; only a refused token (401, 403: revoked) ends it.
 * A job's logs and exit code are sent until Coda takes them ({@link Retry}): an outage of Coda loses none of them.
 * From its start until Coda took its exit code, a heartbeat every {@link #HEARTBEAT_INTERVAL} renews the runner's
 * lease on the job; a job whose runner is gone (crashed, killed, cut off) is ended by Coda once the lease runs out.
 * A runner stopped while a job runs kills it and reports {@value #STOPPED} on its way out, if Coda answers in time.
 * Each start carries an attempt id of its own, which its retries repeat: Coda answers only those as the first, so a
 * second runner process on the same pairing never runs a job twice.
 */
final class JobLoop {

    static final int TIMED_OUT = 124;
    /** The exit code reported for a job whose runner was stopped (Ctrl-C, SIGTERM) while it ran: 128 + SIGTERM. */
    static final int STOPPED = 143;
    /** How long a stopping runner waits for Coda to take its job's exit code: within the shutdown hook's 5 s. */
    static final Duration STOPPING_PATIENCE = Duration.ofSeconds(3);
    static final long OUTPUT_GRACE_MILLIS = 2_000;
    /** Well within Coda's lease of a job ({@code coda.jobs.lease}, 5 minutes unless configured). */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    private static final Set<String> ENDED = Set.of("completed", "failed");

    private final CodaApi api;
    private final Duration jobTimeout;
    private final Duration pollInterval;
    private final Duration heartbeatInterval;

    JobLoop(CodaApi api, Duration jobTimeout, Duration pollInterval) {
        this(api, jobTimeout, pollInterval, HEARTBEAT_INTERVAL);
    }

    JobLoop(CodaApi api, Duration jobTimeout, Duration pollInterval, Duration heartbeatInterval) {
        this.api = api;
        this.jobTimeout = jobTimeout;
        this.pollInterval = pollInterval;
        this.heartbeatInterval = heartbeatInterval;
    }

    /**
     * Runs pending jobs until interrupted; with {@code once}, runs jobs (at least one) until a poll finds none
     * pending, and stops.
     */
    void run(boolean once) throws Exception {
        boolean ranOne = false;
        while (true) {
            boolean ran = false;
            try {
                ran = runOnePendingJob();
                ranOne |= ran;
            } catch (CodaApi.Refused refused) {
                if (refused.isTokenRefused()) {
                    throw refused; // the runner token was revoked: pair again
                }
                System.err.println("Coda refused a call (" + refused.getMessage() + "); polling again");
            } catch (IOException unreachable) {
                System.err.println("Cannot reach Coda (" + unreachable.getMessage() + "); polling again");
            }
            if (ran) {
                continue; // what else is pending is asked again: the list is as old as the job that ran
            }
            if (once && ranOne) {
                return;
            }
            Thread.sleep(pollInterval.toMillis()); // the pause between polls of the job queue
        }
    }

    /**
     * Runs the first pending job that this runner gets to start; false if none. A job listed then may have been
     * started by another runner, cancelled, or put in the trash with its idea since: the list is never used again.
     */
    private boolean runOnePendingJob() throws Exception {
        for (CodaApi.Job job : api.pendingJobs()) {
            if (tryRun(job)) {
                return true;
            }
        }
        return false;
    }

    private boolean tryRun(CodaApi.Job job) throws Exception {
        try {
            UUID attempt = UUID.randomUUID();
            Retry.untilAnswered("start job " + job.id(), () -> { // sent again, a start is answered as the first
                api.start(job.id(), attempt);
                return null;
            });
        } catch (CodaApi.Refused taken) {
            if (isOver(taken)) {
                return false; // another runner started it, or the user cancelled it meanwhile
            }
            throw taken;
        }
        System.out.println("Running job " + job.id() + ": " + job.command());
        // the command's own exit code once it exited, though its last lines may still be on their way
        AtomicInteger exitCode = new AtomicInteger(STOPPED);
        try (Heartbeats heartbeats = new Heartbeats(job)) {
            int taken = execute(job, exitCode);
            Retry.untilAnswered("take the exit code of job " + job.id(), () -> {
                api.finish(job.id(), taken);
                return null;
            });
            System.out.println("Job " + job.id() + " exited with " + taken);
        } catch (InterruptedException stopping) {
            finishBeforeStopping(job, exitCode.get());
            throw stopping;
        } catch (CodaApi.Refused refused) {
            if (!isOver(refused)) {
                throw refused;
            }
            System.out.println("Job " + job.id() + " was cancelled; its process was stopped");
        }
        return true;
    }

    /**
     * The runner is stopping while the job runs, or before Coda took its exit code: the exit code is sent once, with
     * little patience, so that the job shows as failed now rather than running until its lease runs out.
     */
    private void finishBeforeStopping(CodaApi.Job job, int exitCode) {
        try {
            api.finishAsync(job.id(), exitCode).get(STOPPING_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            System.out.println("Job " + job.id() + " ended with the runner (exit code " + exitCode + ")");
        } catch (Exception unanswered) {
            System.err.println("Coda did not take the exit code of job " + job.id() + " before the runner stopped ("
                    + unanswered + "); its lease ends it");
        }
    }

    /** Whether Coda says the job is no longer this runner's to run (cancelled, most likely). */
    private static boolean isOver(CodaApi.Refused refused) {
        return refused.status == 409 && refused.type.equals("illegal-job-transition")
                || refused.status == 404 && refused.type.equals("not-found");
    }

    /** Runs the job's command and sends its output; its exit code, also set in {@code exitCode} as soon as known. */
    private int execute(CodaApi.Job job, AtomicInteger exitCode) throws Exception {
        AtomicReference<Process> running = new AtomicReference<>();
        try (LogBatcher logs = new LogBatcher((sequence, lines) -> send(job, sequence, lines, running))) {
            Process process;
            try {
                process = JobProcesses.start(job.command(), job.cwd());
                running.set(process);
            } catch (IOException cannotStart) {
                logs.add("error", "cannot start: " + cannotStart.getMessage());
                exitCode.set(127);
                return 127;
            }
            try {
                process.getOutputStream().close();
                Pump stdout = new Pump(process.getInputStream(), "info", logs);
                Pump stderr = new Pump(process.getErrorStream(), "error", logs);
                boolean exited = awaitExit(process, job);
                JobProcesses.killAll(process); // after a timeout, and whatever the command left running
                process.waitFor();
                exitCode.set(exited ? process.exitValue() : TIMED_OUT);
                if (!exited) {
                    logs.add("error", "killed after the job timeout of " + jobTimeout);
                }
                if (!drained(stdout, stderr)) {
                    logs.add("error", "processes that left the job's process group still hold its output; what they"
                            + " write is not collected");
                }
                return exitCode.get();
            } catch (Exception interruptedOrRevoked) {
                logs.abandon(); // no longer waits for Coda to take the job's last lines
                throw interruptedOrRevoked;
            } finally {
                if (process.isAlive()) {
                    JobProcesses.killAll(process); // the runner was interrupted, or its token refused: the job does not outlive it
                }
            }
        }
    }

    /**
     * Waits for the job's command to exit: false once the job timeout passed. Meanwhile the job's status is asked
     * every poll interval, without waiting for the answer, so that a slow Coda never delays noticing the exit; a
     * job the user cancelled is killed once its answer says so, and its report is then refused as for any job
     * that is over.
     */
    private boolean awaitExit(Process process, CodaApi.Job job) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + jobTimeout.toNanos();
        CompletableFuture<String> status = null;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (process.waitFor(Math.min(left, pollInterval.toNanos()), TimeUnit.NANOSECONDS)) {
                    return true;
                }
                if (left <= pollInterval.toNanos()) {
                    return false;
                }
                if (status != null && status.isDone()) {
                    if (cancelled(status)) {
                        JobProcesses.killAll(process);
                        process.waitFor();
                        return true;
                    }
                    status = null;
                }
                if (status == null) {
                    status = api.jobStatus(job.id());
                }
            }
        } finally {
            if (status != null) {
                status.cancel(true);
            }
        }
    }

    /**
     * Whether the answer says the job ended while it runs here: the user cancelled it, or it is no longer the
     * runner's to see. Not knowing (Coda unreachable, failing) is no; a refused token ends the runner, and the job
     * with it.
     */
    private static boolean cancelled(CompletableFuture<String> status) throws CodaApi.Refused {
        try {
            return ENDED.contains(status.join());
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof CodaApi.Refused refused) {
                if (refused.isTokenRefused()) {
                    throw refused;
                }
                return isOver(refused);
            }
            return false;
        }
    }

    /**
     * Sends a batch of the job's lines until Coda takes it. When Coda says the job is over, its process tree is
     * killed; a batch Coda refuses for another reason, or that could not be sent for as long as {@link Retry} tries,
     * is reported here and left out, and the job goes on.
     */
    private void send(CodaApi.Job job, long sequence, List<CodaApi.LogLine> lines, AtomicReference<Process> running)
            throws Exception {
        try {
            Retry.untilAnswered("take the logs of job " + job.id(), () -> {
                api.appendLogs(job.id(), sequence, lines);
                return null;
            });
        } catch (CodaApi.Refused refused) {
            if (isOver(refused) || refused.isTokenRefused()) {
                Process process = running.get();
                if (process != null) {
                    JobProcesses.killAll(process);
                }
                throw refused;
            }
            System.err.println("Coda refused " + lines.size() + " log lines of job " + job.id() + " (" + refused.getMessage()
                    + "); they are left out of its log");
        } catch (IOException unreachable) {
            System.err.println("Could not send " + lines.size() + " log lines of job " + job.id() + " for " + Retry.PATIENCE
                    + " (" + unreachable.getMessage() + "); they are left out of its log");
        }
    }

    /**
     * Whether the pumps reached the end of the output, reading for at most the grace after the job's command
     * exited. Time a pump spends handing lines over (to a slow Coda, say) does not count against it.
     */
    private static boolean drained(Pump... pumps) throws InterruptedException {
        long reading = TimeUnit.MILLISECONDS.toNanos(OUTPUT_GRACE_MILLIS);
        for (Pump pump : pumps) {
            while (pump.thread.isAlive()) {
                long start = System.nanoTime();
                pump.thread.join(50);
                if (!pump.handingOver) {
                    reading -= System.nanoTime() - start;
                }
                if (reading <= 0 && pump.thread.isAlive()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Sends the job's heartbeats, every heartbeat interval and without waiting for the answers, until closed: a
     * heartbeat lost costs nothing while the next comes well within the lease.
     */
    private final class Heartbeats implements AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(beat -> {
            Thread thread = new Thread(beat, "heartbeats");
            thread.setDaemon(true);
            return thread;
        });

        Heartbeats(CodaApi.Job job) {
            long every = heartbeatInterval.toNanos();
            timer.scheduleAtFixedRate(() -> api.keepAlive(job.id()), every, every, TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /**
     * Reads one output stream of a job into its logs, on a daemon thread: one left behind by a background
     * process that holds the output ends when that process does, and never keeps the runner alive.
     */
    private static final class Pump {

        private final Thread thread;
        private volatile boolean handingOver;

        Pump(InputStream stream, String level, LogBatcher logs) {
            thread = new Thread(() -> {
                try (stream) {
                    OutputLines.read(stream, line -> {
                        handingOver = true;
                        try {
                            logs.add(level, line);
                        } finally {
                            handingOver = false;
                        }
                    });
                } catch (IOException streamClosed) {
                    // the process is gone; what it wrote before is already queued
                }
            }, "job-" + level);
            thread.setDaemon(true);
            thread.start();
        }
    }
}

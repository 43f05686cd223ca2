package dev.coda.runner;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Polls for the user's pending jobs and runs them one at a time: start, stream stdout (info) and stderr
 * (error) as log batches, report the exit code. A job that outlives its timeout is killed with its process
 * tree and reported with exit code {@value #TIMED_OUT}.
 */
final class JobLoop {

    static final int TIMED_OUT = 124;

    private final CodaApi api;
    private final Duration jobTimeout;
    private final Duration pollInterval;

    JobLoop(CodaApi api, Duration jobTimeout, Duration pollInterval) {
        this.api = api;
        this.jobTimeout = jobTimeout;
        this.pollInterval = pollInterval;
    }

    /** Runs pending jobs until interrupted; with {@code once}, runs what is pending (at least one job) and stops. */
    void run(boolean once) throws Exception {
        boolean ranOne = false;
        while (true) {
            for (CodaApi.Job job : api.pendingJobs()) {
                ranOne |= tryRun(job);
            }
            if (once && ranOne) {
                return;
            }
            Thread.sleep(pollInterval.toMillis()); // the pause between polls of the job queue
        }
    }

    private boolean tryRun(CodaApi.Job job) throws Exception {
        try {
            api.start(job.id());
        } catch (CodaApi.Refused taken) {
            if (taken.status == 409 || taken.status == 404) {
                return false; // another runner started it, or the user cancelled it meanwhile
            }
            throw taken;
        }
        System.out.println("Running job " + job.id() + ": " + job.command());
        int exitCode = execute(job);
        api.finish(job.id(), exitCode);
        System.out.println("Job " + job.id() + " exited with " + exitCode);
        return true;
    }

    private int execute(CodaApi.Job job) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", job.command());
        if (job.cwd() != null) {
            builder.directory(new File(job.cwd()));
        }
        Process process;
        try (LogBatcher logs = new LogBatcher(lines -> api.appendLogs(job.id(), lines))) {
            try {
                process = builder.start();
            } catch (IOException cannotStart) {
                logs.add("error", "cannot start: " + cannotStart.getMessage());
                return 127;
            }
            process.getOutputStream().close();
            Thread stdout = pump(process.getInputStream(), "info", logs);
            Thread stderr = pump(process.getErrorStream(), "error", logs);
            boolean exited = process.waitFor(jobTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                logs.add("error", "killed after the job timeout of " + jobTimeout);
            }
            stdout.join();
            stderr.join();
            return exited ? process.exitValue() : TIMED_OUT;
        }
    }

    private static Thread pump(InputStream stream, String level, LogBatcher logs) {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    logs.add(level, line);
                }
            } catch (IOException streamClosed) {
                // the process is gone; what it wrote before is already queued
            }
        }, "job-" + level);
        pump.start();
        return pump;
    }
}

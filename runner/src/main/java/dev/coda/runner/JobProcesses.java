package dev.coda.runner;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts a job's command with {@code /bin/sh -c} and ends it with every process it started. Where the system
 * has {@code setsid} (Linux), the command runs in a session of its own, whose process group keeps every process
 * it starts, in the background too, even after the shell exited and they were handed to init: ending the job
 * kills that whole group. Elsewhere only the processes still descending from the job's can be found.
 */
final class JobProcesses {

    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    private JobProcesses() {
    }

    /** Whether a job's processes are kept in a process group of their own here. */
    static boolean inOwnGroup() {
        return SETSID.isPresent();
    }

    /**
     * The command's process. With {@code setsid}, it is the session's leader, whose id is the group's: a child of
     * a JVM leads no group, so {@code setsid} makes the session in place instead of forking first.
     */
    static Process start(String command, String cwd) throws IOException {
        List<String> line = new ArrayList<>();
        SETSID.ifPresent(setsid -> line.add(setsid.toString()));
        line.addAll(List.of("/bin/sh", "-c", command));
        ProcessBuilder builder = new ProcessBuilder(line);
        if (cwd != null) {
            builder.directory(new File(cwd));
        }
        return builder.start();
    }

    /**
     * Kills the job's process, its descendants and, where it has one, its whole process group. Through their
     * handles: {@code Process.destroy} would also close the pipes that what they wrote is still being read from.
     */
    static void killAll(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
        if (inOwnGroup()) {
            try {
                // the shell's own kill, as for the job itself: a system with setsid may have no kill program
                // (procps); "-9 -PGID" is the form dash takes too
                new ProcessBuilder("/bin/sh", "-c", "kill -9 -\"$1\"", "sh", Long.toString(process.pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor(); // "no such process" when nothing of the group is left
            } catch (IOException noKill) {
                System.err.println("Cannot stop what job process " + process.pid() + " left running: " + noKill.getMessage());
            }
        }
    }
}

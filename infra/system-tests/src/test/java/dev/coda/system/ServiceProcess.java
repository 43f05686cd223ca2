package dev.coda.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One of Coda's services running as its own process from its runnable jar, as in production. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final Pattern STARTED = Pattern.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final List<String> command;

    private ServiceProcess(String name, int port, Process process, Path log, List<String> command) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.command = command;
    }

    /**
     * Starts {@code module}'s {@code *-exec.jar} on a free port with the given Spring properties and the JVM
     * options of {@code infra/jvm/<module>.options}, as {@code infra/coda} starts it.
     */
    static ServiceProcess start(Path projectRoot, String module, List<String> properties) throws IOException {
        Path jar = runnableJar(projectRoot.resolve(module).resolve("target"));
        int port = freePort();
        Path log = projectRoot.resolve("infra/system-tests/target").resolve(module + ".log");
        Path tmp = Files.createDirectories(projectRoot.resolve("infra/system-tests/target/tmp").resolve(module));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + projectRoot.resolve("infra/jvm").resolve(module + ".options"), "-Duser.timezone=UTC", "-Daxoniq.update-checker.disabled=true",
                "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(), "--server.port=" + port));
        properties.forEach(property -> command.add("--" + property));
        Process process = launch(new ProcessBuilder(command).redirectOutput(log.toFile()));
        return new ServiceProcess(module, port, process, log, command);
    }

    /**
     * SIGKILL (on Linux): no shutdown hook, no flush, no goodbye; returns once the process is gone, with its exit code
     * (137 when the signal killed it).
     */
    int kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        return process.waitFor();
    }

    /** Starts the same command again on the same port, appending to the same log. */
    ServiceProcess restart() throws IOException {
        Process restarted = launch(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
        return new ServiceProcess(name, port, restarted, log, command);
    }

    /** Starts {@code service} with its errors in its log ({@link ChildProcesses}). */
    private static Process launch(ProcessBuilder service) throws IOException {
        return ChildProcesses.start(service.redirectErrorStream(true));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Polls the service's health until it is UP; fails with the log's tail when the deadline passes. */
    ServiceProcess awaitHealthy(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"")) {
                    return this;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            }
            process.waitFor(200, TimeUnit.MILLISECONDS); // poll interval; returns early if the process dies
        }
        throw new IllegalStateException(name + " not healthy within " + timeout + ":\n" + tail());
    }

    String name() {
        return name;
    }

    /** Seconds from the JVM's start until the application was ready, as Spring Boot logged it. */
    double startSeconds() throws IOException {
        Matcher started = null;
        for (String line : Files.readAllLines(log)) {
            Matcher matcher = STARTED.matcher(line);
            if (matcher.find()) {
                started = matcher;
            }
        }
        if (started == null) {
            throw new IllegalStateException(name + " logged no start time:\n" + tail());
        }
        return Double.parseDouble(started.group(1));
    }

    /**
     * The CPU the process has used so far, in clock ticks (read from {@code /proc}): in all, exited threads
     * included, and in each of its JIT compiler threads alive now, by thread id. HotSpot starts and stops
     * compiler threads as it needs them, so a share is taken per thread ({@link CpuTicks#since}).
     */
    CpuTicks cpuTicks() throws IOException {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        Map<String, Long> compilers = new HashMap<>();
        try (Stream<Path> threads = Files.list(proc.resolve("task"))) {
            for (Path thread : threads.toList()) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue; // the thread ended while the list was read
                }
                String threadName = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')); // cut at 15 characters
                if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) {
                    compilers.put(thread.getFileName().toString(), ticks(stat));
                }
            }
        }
        return new CpuTicks(ticks(Files.readString(proc.resolve("stat"))), compilers);
    }

    /** User and system time of a {@code stat} line: the 14th and 15th fields, the 12th and 13th after the name. */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU in clock ticks: the process's in all, and each live JIT compiler thread's, by thread id. */
    record CpuTicks(long all, Map<String, Long> compilers) {

        /**
         * The CPU used since {@code earlier}, with the compilers' part as one figure: a compiler thread started
         * since then counts in full, one that ended since then no more.
         */
        Used since(CpuTicks earlier) {
            long compiler = 0;
            for (Map.Entry<String, Long> thread : compilers.entrySet()) {
                compiler += thread.getValue() - earlier.compilers.getOrDefault(thread.getKey(), 0L);
            }
            return new Used(all - earlier.all, compiler);
        }
    }

    /** CPU used in a span of time, in clock ticks: in all, and by the JIT compiler threads. */
    record Used(long all, long compiler) {

        double compilerShare() {
            return (double) compiler / all;
        }
    }

    /** The most memory the process has held so far (VmHWM, its resident set's high-water mark), in bytes. */
    long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmHWM for " + name + " (pid " + process.pid() + ")");
    }

    /**
     * Its JVM's stop-the-world collections so far: {@code jvm.gc.pause} summed over its causes, read from the
     * Prometheus scrape, which every service serves without a token.
     */
    GcPauses gcPauses() throws Exception {
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (scrape.statusCode() != 200) {
            throw new IllegalStateException(name + " answered " + scrape.statusCode() + " for its Prometheus scrape");
        }
        long count = 0;
        double seconds = 0;
        for (String line : scrape.body().split("\n")) {
            if (line.startsWith("jvm_gc_pause_seconds_count{")) {
                count += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("jvm_gc_pause_seconds_sum{")) {
                seconds += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return new GcPauses(count, seconds * 1000);
    }

    /** How many stop-the-world collections, and their time in all. */
    record GcPauses(long count, double millis) {

        GcPauses since(GcPauses earlier) {
            return new GcPauses(count - earlier.count, millis - earlier.millis);
        }

        @Override
        public String toString() {
            return String.format("%d pauses, %.0f ms in all", count, millis);
        }
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path runnableJar(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No *-exec.jar in " + target + "; run mvn package first"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

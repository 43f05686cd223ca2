package dev.coda.runner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Coda runner: {@code pair} with a code the user got from Coda, then {@code run} the user's jobs.
 *
 * <pre>
 * coda-runner pair --code 7KQ2-M9XD [--type cli] [--token-file ~/.coda-runner/token]
 * coda-runner run [--once] [--job-timeout 30m] [--poll-interval 2s] [--token-file ...]
 * </pre>
 * Servers: {@code --command-url} / {@code CODA_COMMAND_URL} (default http://127.0.0.1:8081) and
 * {@code --query-url} / {@code CODA_QUERY_URL} (default http://127.0.0.1:8082). The pairing code may come from
 * {@code CODA_PAIRING_CODE} instead, which, unlike {@code --code}, other users of the machine do not see in {@code ps}.
 */
public final class Runner {

    static final String VERSION = "0.3.0";

    private Runner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("pair", "run").contains(args[0])) {
            System.err.println("usage: coda-runner pair --code CODE | run [--once] (see the README)");
            System.exit(2);
        }
        Map<String, String> options = options(args);
        CodaApi api = new CodaApi(
                URI.create(option(options, "command-url", "CODA_COMMAND_URL", "http://127.0.0.1:8081")),
                URI.create(option(options, "query-url", "CODA_QUERY_URL", "http://127.0.0.1:8082")));
        TokenFile tokenFile = new TokenFile(Path.of(option(options, "token-file", "CODA_RUNNER_TOKEN_FILE",
                Path.of(System.getProperty("user.home"), ".coda-runner", "token").toString())));
        if (args[0].equals("pair")) {
            pair(api, tokenFile, options);
        } else {
            stopJobsOnShutdown(Thread.currentThread());
            new JobLoop(api.withToken(tokenFile.read()),
                    Duration.parse("PT" + options.getOrDefault("job-timeout", "30m").toUpperCase()),
                    Duration.parse("PT" + options.getOrDefault("poll-interval", "2s").toUpperCase()))
                    .run(options.containsKey("once"));
        }
    }

    /**
     * On SIGTERM or Ctrl-C, interrupts the job loop and gives it a few seconds to kill the running job's process
     * tree: the JVM would otherwise exit and leave the job running, unreported.
     */
    private static void stopJobsOnShutdown(Thread loop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.interrupt();
            try {
                loop.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException exiting) {
                // the JVM exits now anyway
            }
        }, "stop-jobs"));
    }

    /** Claims the code, then polls until the user approved the pairing and stores the runner token. */
    private static void pair(CodaApi api, TokenFile tokenFile, Map<String, String> options) throws Exception {
        String code = option(options, "code", "CODA_PAIRING_CODE", null);
        if (code == null) {
            throw new IllegalArgumentException("pair needs --code or CODA_PAIRING_CODE, the pairing code shown by Coda");
        }
        String hostname = java.net.InetAddress.getLocalHost().getHostName();
        String claimId = UUID.randomUUID().toString(); // a claim sent again with it gets the same JTI
        String jti = Retry.untilAnswered("take the pairing code",
                () -> api.claim(code, options.getOrDefault("type", "cli"), VERSION, hostname, claimId));
        System.out.println("Claimed. Approve this runner (" + hostname + ") in Coda; waiting...");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            CodaApi.Poll poll = Retry.untilAnswered("tell whether the pairing was approved", () -> api.poll(jti));
            switch (poll.status()) {
                case "approved" -> {
                    if (poll.runnerToken() == null) {
                        throw new IllegalStateException("The pairing was approved but its token was collected too long ago to collect again; pair again");
                    }
                    tokenFile.write(poll.runnerToken());
                    System.out.println("Paired. Token stored in " + tokenFile.path());
                    return;
                }
                case "pending" -> Thread.sleep(1_000); // the user approves at human speed; poll gently
                default -> throw new IllegalStateException("Pairing " + poll.status());
            }
        }
        throw new IllegalStateException("Not approved within 10 minutes");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(name, flag ? "true" : args[++i]);
        }
        return options;
    }

    private static String option(Map<String, String> options, String name, String environment, String fallback) {
        String value = options.get(name);
        if (value == null) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}

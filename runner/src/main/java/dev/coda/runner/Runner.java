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
 * Servers, when pairing: {@code --command-url} / {@code CODA_COMMAND_URL} (default http://127.0.0.1:8081) and
 * {@code --query-url} / {@code CODA_QUERY_URL} (default http://127.0.0.1:8082), https unless on this machine's
 * loopback. {@code run} sends the token to the servers it was paired with, stored beside it, and to no other: a
 * server named then must be the same. The pairing code may come from {@code CODA_PAIRING_CODE} instead, which,
 * unlike {@code --code}, other users of the machine do not see in {@code ps}.
 */
public final class Runner {

    static final String VERSION = "0.5.0";
    private static final URI LOCAL_COMMAND_URL = URI.create("http://127.0.0.1:8081");
    private static final URI LOCAL_QUERY_URL = URI.create("http://127.0.0.1:8082");

    private Runner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("pair", "run").contains(args[0])) {
            System.err.println("usage: coda-runner pair --code CODE | run [--once] (see the README)");
            System.exit(2);
        }
        Map<String, String> options = options(args);
        URI commandUrl = server(option(options, "command-url", "CODA_COMMAND_URL", null));
        URI queryUrl = server(option(options, "query-url", "CODA_QUERY_URL", null));
        TokenFile tokenFile = new TokenFile(Path.of(option(options, "token-file", "CODA_RUNNER_TOKEN_FILE",
                Path.of(System.getProperty("user.home"), ".coda-runner", "token").toString())));
        if (args[0].equals("pair")) {
            pair(orLocal(commandUrl, LOCAL_COMMAND_URL), orLocal(queryUrl, LOCAL_QUERY_URL), tokenFile, options);
        } else {
            TokenFile.Paired paired = tokenFile.read();
            CodaApi api = new CodaApi(pairedWith(paired.commandUrl(), commandUrl, LOCAL_COMMAND_URL, "command-url"),
                    pairedWith(paired.queryUrl(), queryUrl, LOCAL_QUERY_URL, "query-url"));
            stopJobsOnShutdown(Thread.currentThread());
            new JobLoop(api.withToken(paired.token()),
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

    /**
     * A server named on the command line or in the environment, or null; plain http only to this machine's
     * loopback, since the runner token and the pairing code travel in it.
     */
    static URI server(String url) {
        if (url == null) {
            return null;
        }
        URI server = URI.create(url);
        boolean loopback = "localhost".equalsIgnoreCase(server.getHost())
                || server.getHost() != null && server.getHost().matches("127(\\.\\d{1,3}){3}|\\[::1\\]");
        if (!"https".equalsIgnoreCase(server.getScheme()) && !("http".equalsIgnoreCase(server.getScheme()) && loopback)) {
            throw new IllegalArgumentException(url + ": a Coda server is reached over https (plain http only on this"
                    + " machine's loopback)");
        }
        return server;
    }

    private static URI orLocal(URI named, URI local) {
        return named == null ? local : named;
    }

    /**
     * The server the token was paired with; a server named now must be that one. A token file of runner 0.3.0 or
     * before does not say, and the server named now (or the local default) is taken.
     */
    static URI pairedWith(URI paired, URI named, URI local, String option) {
        if (paired == null) {
            return orLocal(named, local);
        }
        if (named != null && !named.equals(paired)) {
            throw new IllegalStateException("The runner token was paired with " + paired + ", and is sent to no other"
                    + " server than that: name it with --" + option + ", or pair again with " + named);
        }
        return paired;
    }

    /** Claims the code, then polls until the user approved the pairing and stores the runner token. */
    private static void pair(URI commandUrl, URI queryUrl, TokenFile tokenFile, Map<String, String> options)
            throws Exception {
        CodaApi api = new CodaApi(commandUrl, queryUrl);
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
                    tokenFile.write(new TokenFile.Paired(commandUrl, queryUrl, poll.runnerToken()));
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

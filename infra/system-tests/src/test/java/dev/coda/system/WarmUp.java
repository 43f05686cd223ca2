package dev.coda.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Warms the services before a benchmark measures them, with the benchmark's own load, in rounds of
 * {@value #ROUND_SECONDS} s, until the JIT compilers are done with that load: a round in which no service's
 * compiler threads took more than {@value #SETTLED_SHARE} of its CPU. A fresh service needs minutes of load for
 * that, and until then costs several times the CPU per request (create-idea at 16 clients on the local stack:
 * 10.7 ms of command-service CPU per command in its first 20 s, 2.4 ms a minute later, 0.5-0.6 ms once its
 * compilers settled after about three minutes; at 64 clients, where the compilers get less of the cores, once
 * not within five). So without it a benchmark measures the compilers. {@code coda.bench.warm-up-seconds} ends
 * the warm-up after its last round even when the compilers did not settle (the suite's smoke runs:
 * {@value #SMOKE_SECONDS} s, one short round, which never counts as settled); the report says which it was.
 */
final class WarmUp {

    private static final int SMOKE_SECONDS = 2;
    private static final int MAX_SECONDS = Integer.getInteger("coda.bench.warm-up-seconds", SMOKE_SECONDS);
    private static final int ROUND_SECONDS = 10;
    private static final double SETTLED_SHARE = 0.05;

    /** The benchmark's load, run for {@code seconds}. */
    interface Round {
        void run(int seconds) throws Exception;
    }

    /**
     * How long the warm-up took, whether the compilers settled in it, and each service's compiler share of its
     * CPU in the last round.
     */
    record Outcome(double seconds, boolean settled, Map<String, Double> lastCompilerShare) {

        /** For a report: its length. Whether it settled is in {@link #describe()}. */
        BenchmarkReport.Figure figure() {
            return BenchmarkReport.Figure.of("warm-up", seconds, "s");
        }

        /** For a section's text: "a warm-up of 212 s until the JIT compilers settled", or that it stopped before. */
        String describe() {
            return String.format(settled ? "a warm-up of %.0f s until the JIT compilers settled"
                    : "a warm-up of %.0f s, which reached its limit before the JIT compilers settled", seconds);
        }

        @Override
        public String toString() {
            StringBuilder shares = new StringBuilder();
            lastCompilerShare.forEach((service, share) -> shares.append(String.format(", %s %.0f%%", service, share * 100)));
            return String.format("%.0f s, %s (the compilers' share of each service's CPU in the last round%s)", seconds,
                    settled ? "settled" : "not settled", shares);
        }
    }

    private WarmUp() {
    }

    /** Runs {@code round} on {@code services} until their compilers settle or the warm-up's limit is reached. */
    static Outcome untilCompiled(List<ServiceProcess> services, Round round) throws Exception {
        long start = System.nanoTime();
        while (true) {
            Map<String, ServiceProcess.CpuTicks> before = cpuTicks(services);
            int seconds = (int) Math.max(1, Math.min(ROUND_SECONDS, Math.ceil(MAX_SECONDS - (System.nanoTime() - start) / 1e9)));
            round.run(seconds);
            Map<String, Double> shares = new LinkedHashMap<>();
            for (Map.Entry<String, ServiceProcess.CpuTicks> after : cpuTicks(services).entrySet()) {
                ServiceProcess.Used used = after.getValue().since(before.get(after.getKey()));
                if (used.all() <= 0) {
                    throw new IllegalStateException(after.getKey() + " used no CPU in a round of load: its /proc figures were misread");
                }
                shares.put(after.getKey(), used.compilerShare());
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            // a short round says too little: a handful of ticks
            boolean settled = seconds == ROUND_SECONDS && shares.values().stream().allMatch(share -> share <= SETTLED_SHARE);
            if (settled || elapsed >= MAX_SECONDS) {
                return new Outcome(elapsed, settled, shares);
            }
        }
    }

    private static Map<String, ServiceProcess.CpuTicks> cpuTicks(List<ServiceProcess> services) throws Exception {
        Map<String, ServiceProcess.CpuTicks> ticks = new LinkedHashMap<>();
        for (ServiceProcess service : services) {
            ticks.put(service.name(), service.cpuTicks());
        }
        return ticks;
    }
}

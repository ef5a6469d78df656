package io.syncfleet.bench;

import io.syncfleet.app.ProcessLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Entry point of {@code bench/run.sh}: {@code Bench SCENARIO REPO WORK_DIR}. Runs one scenario and writes
 * {@code REPO/bench/results/SCENARIO.md}. The JVM exits when the scenario is done; whatever it started and
 * did not stop (syncfleet, lsyncd, rsync daemons) is killed then ({@link OnExit}).
 */
public final class Bench {

    /** Where a scenario works and writes. */
    record Context(Path repo, Path work) {
        Path result(String scenario) {
            return repo.resolve("bench/results").resolve(scenario + ".md");
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        // as syncfleet's own CLI does first thing: the JVM picks its process launcher at its first child,
        // and the bench starts daemons before syncfleet's node could choose
        ProcessLaunch.preferVfork();
        if (args.length != 3) {
            System.err.println("usage: Bench SCENARIO REPO WORK_DIR");
            System.exit(2);
        }
        Context ctx = new Context(Path.of(args[1]).toAbsolutePath(), Files.createDirectories(Path.of(args[2]).toAbsolutePath()));
        int status = 0;
        try {
            switch (args[0]) {
                case "latency-1" -> new LatencyScenario(ctx, 1, intEnv("BENCH_LATENCY_SAMPLES", 50)).run();
                case "latency-50" -> new LatencyScenario(ctx, 50, intEnv("BENCH_LATENCY_SAMPLES", 50)).run();
                case "burst" -> new BurstScenario(ctx, intEnv("BENCH_BURST_ROUNDS", 3)).run();
                case "catch-up" -> new CatchUpScenario(ctx, intEnv("BENCH_CATCHUP_ROUNDS", 3)).run();
                case "sustained" -> new SustainedScenario(ctx, intEnv("BENCH_SUSTAINED_SECONDS", 60)).run();
                default -> {
                    System.err.println("unknown scenario " + args[0]);
                    status = 2;
                }
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // a Kafka client thread must not keep the JVM alive
    }

    /**
     * The tools whose name contains {@code BENCH_ONLY} (case-insensitive), or all when it is unset: to
     * profile one tool without waiting for the others. Results of such a run are partial.
     */
    static <T> java.util.List<T> only(java.util.List<T> tools, java.util.function.Function<T, String> name) {
        String only = System.getenv("BENCH_ONLY");
        if (only == null || only.isBlank()) {
            return tools;
        }
        return tools.stream().filter(t -> name.apply(t).toLowerCase(java.util.Locale.ROOT)
                .contains(only.toLowerCase(java.util.Locale.ROOT))).toList();
    }

    /**
     * {@code tools} with the runs that only explain a result ({@code extras}) added when {@code BENCH_EXTRAS}
     * is set: they are not among issue 7's runs and cost {@code all} about 3 minutes here.
     */
    static java.util.List<String> withExtras(java.util.List<String> tools, java.util.List<String> extras) {
        String e = System.getenv("BENCH_EXTRAS");
        if (e == null || e.isBlank() || e.equals("0")) {
            return tools;
        }
        java.util.List<String> all = new java.util.ArrayList<>(tools);
        all.addAll(extras);
        return all;
    }

    /**
     * How long a peer may take in one run before the bench stops waiting ({@code BENCH_PEER_CAP_SECONDS}, 60):
     * about three times syncfleet's burst here, so a capped peer still shows a ratio well inside issue 7's
     * 0.5x, and the capped runs (lsyncd in burst and sustained) do not take a quarter of {@code all}'s time.
     */
    static long peerCapMillis() {
        return intEnv("BENCH_PEER_CAP_SECONDS", 60) * 1000L;
    }

    static int intEnv(String name, int dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
    }

    static void log(String format, Object... args) {
        System.err.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " bench: "
                + String.format(format, args));
    }
}

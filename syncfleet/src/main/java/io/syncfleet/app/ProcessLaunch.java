package io.syncfleet.app;

import java.util.Locale;

/**
 * How this JVM starts child processes (rsync, hooks, probes). On Linux, Java 17 starts each child
 * through {@code posix_spawn} of the {@code jspawnhelper} program, which then execs the real one:
 * two execs per rsync. {@code vfork} execs once. Measured here on 2 loaded cores, starting and
 * reaping {@code true} took 5.4-5.8 ms p50 with vfork against 11.5-21.9 ms with the default
 * ({@code bench/results/latency-50.md} spawns 50 rsyncs per change). An explicit
 * {@code -Djdk.lang.Process.launchMechanism=...} always wins.
 *
 * <p>Java 25 deprecates the vfork mechanism (it prints a warning) and later versions remove it, so from
 * Java 25 on the JVM's default is left alone.
 */
public final class ProcessLaunch {

    static final String PROPERTY = "jdk.lang.Process.launchMechanism";

    private ProcessLaunch() {
    }

    /**
     * Chooses vfork when nobody chose otherwise. It takes effect only if called before the JVM starts
     * its first child process, so the CLI calls it first thing, and {@link Node} again.
     */
    public static void preferVfork() {
        if (vforkFits(System.getProperty("os.name", ""), Runtime.version().feature())
                && System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "VFORK");
        }
    }

    /** True on Linux before Java 25, where the JDK supports vfork without a deprecation warning. */
    static boolean vforkFits(String osName, int javaFeatureVersion) {
        return osName.toLowerCase(Locale.ROOT).startsWith("linux") && javaFeatureVersion < 25;
    }
}

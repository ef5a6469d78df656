package io.syncfleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Optional JFR recording of syncfleet's process during one measured phase, when the {@code BENCH_JFR}
 * environment variable names a directory: {@code <dir>/<scenario>-<phase>.jfr}, with the JDK's "profile"
 * settings (execution samples every 10 ms, allocations, locks, I/O), started and dumped with {@code jcmd}.
 */
final class Profiler implements AutoCloseable {

    private final long pid;
    private final String name;
    private final Path file;

    private Profiler(long pid, String name, Path file) {
        this.pid = pid;
        this.name = name;
        this.file = file;
    }

    /** A profiler that records nothing. */
    static Profiler none() {
        return new Profiler(0, null, null);
    }

    /** Starts recording process {@code pid} (a {@link SyncfleetPeer#pid()}) if {@code BENCH_JFR} is set. */
    static Profiler start(String scenario, String phase, long pid) throws Exception {
        String dir = System.getenv("BENCH_JFR");
        if (dir == null || dir.isBlank()) {
            return none();
        }
        String name = scenario + "-" + phase;
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile");
        return new Profiler(pid, name, Files.createDirectories(Path.of(dir)).resolve(name + ".jfr"));
    }

    @Override
    public void close() throws Exception {
        if (file != null) {
            jcmd(pid, "JFR.stop", "name=" + name, "filename=" + file);
            System.err.println("bench: JFR recording written to " + file);
        }
    }

    private static void jcmd(long pid, String... args) throws Exception {
        Path jcmd = Path.of(SyncfleetPeer.thisJava()).resolveSibling("jcmd");
        List<String> argv = new java.util.ArrayList<>(List.of(Files.exists(jcmd) ? jcmd.toString() : "jcmd",
                String.valueOf(pid)));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.contains("Exception")) {
            throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed: " + out.trim());
        }
    }
}

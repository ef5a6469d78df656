package io.syncfleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Optional JFR recording of one measured phase, when the {@code BENCH_JFR} environment variable names a
 * directory: {@code <dir>/<scenario>-<phase>.jfr}, with the JDK's "profile" settings (execution samples
 * every 10 ms, allocations, locks, I/O). Everything in this JVM is recorded, syncfleet and the harness
 * alike; the harness's threads are named {@code main} and {@code bench-*}.
 */
final class Profiler implements AutoCloseable {

    private final Recording recording;
    private final Path file;

    private Profiler(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** A profiler that records nothing. */
    static Profiler none() {
        return new Profiler(null, null);
    }

    static Profiler start(String scenario, String phase) throws Exception {
        String dir = System.getenv("BENCH_JFR");
        if (dir == null || dir.isBlank()) {
            return new Profiler(null, null);
        }
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        r.setName(scenario + "-" + phase);
        r.start();
        return new Profiler(r, Files.createDirectories(Path.of(dir)).resolve(scenario + "-" + phase + ".jfr"));
    }

    @Override
    public void close() throws Exception {
        if (recording != null) {
            recording.stop();
            recording.dump(file);
            recording.close();
            System.err.println("bench: JFR recording written to " + file);
        }
    }
}

package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TreeAssert;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * For tests that kill processes: syncfleet processes started from the built jar in a test directory
 * (each logging to {@code <name>.log} there), and rsync-daemon targets whose trees are compared with
 * the source. {@link #close} kills whatever is left.
 */
final class JarFleet implements AutoCloseable {

    static final Path JAR = Path.of("target/syncfleet.jar");

    final Path dir;
    final List<RsyncDaemon> daemons = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    JarFleet(Path dir) {
        assertTrue(Files.exists(JAR), "run after 'package': " + JAR.toAbsolutePath());
        this.dir = dir;
    }

    /** Starts {@code java -jar syncfleet.jar args...}, status on a free port, logs in {@code name.log}. */
    Process start(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SYNCFLEET_STATUS_LISTEN", "127.0.0.1:0");
        pb.environment().put("SYNCFLEET_LOG_DIR", dir.resolve("logs-" + name).toString());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** A new rsync daemon serving {@code <dir>/<id>}; returns its {@code targets.static} line. */
    String addTarget(String id) throws IOException {
        RsyncDaemon d = RsyncDaemon.start(Files.createDirectories(dir.resolve(id)));
        daemons.add(d);
        return "    - {id: " + id + ", url: \"" + d.url() + "\"}\n";
    }

    String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    /** A free port below 65000 for the embedded broker (which takes the next one for its controller too). */
    static int embeddedPort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (s.getLocalPort() < 65000) {
                    return s.getLocalPort();
                }
            }
        }
    }

    /**
     * Waits until {@code <root>} of every target holds what {@code sourceRoot} holds; on time-out the
     * error carries the end of every process log.
     */
    void awaitConverged(Path sourceRoot, Duration atMost) throws IOException {
        try {
            converged(sourceRoot, atMost);
        } catch (ConditionTimeoutException e) {
            StringBuilder logs = new StringBuilder(e.getMessage());
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                    String text = Files.readString(f);
                    logs.append("\n---- ").append(f.getFileName()).append(" (end)\n")
                            .append(text.substring(Math.max(0, text.length() - 3000)));
                }
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    private void converged(Path sourceRoot, Duration atMost) {
        String root = sourceRoot.getFileName().toString();
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<String> diffs = new ArrayList<>();
            for (RsyncDaemon d : daemons) {
                Path t = d.root().resolve(root);
                if (!Files.isDirectory(t)) {
                    diffs.add(d.url() + " missing " + root + "/");
                } else {
                    TreeAssert.differences(sourceRoot, t, List.of()).forEach(x -> diffs.add(d.url() + " " + x));
                }
            }
            assertTrue(diffs.isEmpty(), () -> diffs.size() + " differences, first: "
                    + String.join("\n", diffs.subList(0, Math.min(10, diffs.size()))));
        });
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
        daemons.forEach(RsyncDaemon::close);
    }
}

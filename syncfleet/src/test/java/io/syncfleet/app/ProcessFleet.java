package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.testkit.FreePorts;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TreeAssert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.core.ConditionTimeoutException;

/**
 * syncfleet as separate processes from the built jar, the way it is deployed: one
 * {@code syncfleet broker} and any number of {@code syncfleet run --roles ...} processes sharing it
 * through {@code kafka.embeddedPort}, pushing to real rsync daemons. Each process logs to
 * {@code dir/NAME.log} (appended across restarts), so a test can read what it decided.
 */
final class ProcessFleet implements AutoCloseable {

    static final Path JAR = Path.of("target/syncfleet.jar");
    static final String ROOT = "site";

    final Path dir;
    final Path site;
    /** The embedded broker's port ({@code kafka.embeddedPort}). */
    final int port;
    final List<RsyncDaemon> daemons = new ArrayList<>();
    private final Map<String, List<String>> commands = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();

    /**
     * Makes {@code dir/source/site}, starts one rsync daemon per id and writes {@code syncfleet.yml}
     * with an embedded broker on a free port, the targets, and {@code extraYaml} (top-level keys).
     */
    ProcessFleet(Path dir, List<String> targetIds, int partitions, String extraYaml) throws IOException {
        assertTrue(Files.exists(JAR), "run after 'package': " + JAR.toAbsolutePath());
        this.dir = dir;
        this.site = Files.createDirectories(dir.resolve("source").resolve(ROOT));
        StringBuilder targets = new StringBuilder();
        for (String id : targetIds) {
            RsyncDaemon d = RsyncDaemon.start(Files.createDirectories(dir.resolve(id)));
            daemons.add(d);
            targets.append("    - {id: ").append(id).append(", url: \"").append(d.url()).append("\"}\n");
        }
        this.port = FreePorts.adjacentPair(); // the broker's controller listens on port + 1
        Files.writeString(dir.resolve("syncfleet.yml"), "kafka: {dataDir: ./kafka, embeddedPort: " + port
                + ", partitions: " + partitions + "}\n"
                + "source: {baseDir: ./source, paths: [" + ROOT + "]}\n"
                + extraYaml
                + "targets:\n  static:\n" + targets);
    }

    /** Starts the broker process and waits until it is ready. */
    void startBroker() throws IOException {
        start("broker", "broker", "--config", "syncfleet.yml");
        await("broker ready").atMost(Duration.ofSeconds(90)).until(() -> log("broker").contains("ready"));
    }

    /** Starts {@code syncfleet run --roles ROLES} as the process {@code name}. */
    Process startRoles(String name, String roles) throws IOException {
        start(name, "run", "--config", "syncfleet.yml", "--roles", roles);
        return processes.get(name);
    }

    /** Starts a process of the jar; its output is appended to {@code dir/name.log}. */
    void start(String name, String... args) throws IOException {
        // java.io.tmpdir below the test's directory: a process killed with SIGKILL leaves the native library
        // Kafka's LZ4 codec unpacked into it (150 KB, deleted only on a clean exit): /tmp kept 1,800 of them
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx256m", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")), "-jar",
                JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        commands.put(name, cmd);
        launch(name);
    }

    private void launch(String name) throws IOException {
        Path logFile = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(commands.get(name)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().put("SYNCFLEET_STATUS_LISTEN", "127.0.0.1:0");
        pb.environment().put("SYNCFLEET_LOG_DIR", dir.resolve("logs-" + name).toString());
        processes.put(name, pb.start());
    }

    /** SIGKILL of a process; returns once it is gone. */
    void kill(String name) throws InterruptedException {
        Process p = processes.get(name);
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), name + " did not die on SIGKILL");
    }

    /** SIGTERM of a process (a clean stop); returns once it is gone. */
    void stop(String name) throws InterruptedException {
        Process p = processes.get(name);
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a process again with the command it was first started with. */
    void restart(String name) throws IOException {
        launch(name);
    }

    boolean alive(String name) {
        return processes.get(name).isAlive();
    }

    /** Everything the process logged so far, across restarts. */
    String log(String name) throws IOException {
        Path f = dir.resolve(name + ".log");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
    }

    /**
     * Waits until every daemon's {@code site} equals the source's, byte for byte; on time-out the error
     * carries the end of every process log.
     */
    void awaitConverged(Duration atMost, List<String> excludes) throws IOException {
        try {
            await("every target equals the source").atMost(atMost).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        List<String> diffs = differences(excludes);
                        assertTrue(diffs.isEmpty(), () -> diffs.size() + " differences, first: "
                                + String.join("\n", diffs.subList(0, Math.min(10, diffs.size()))));
                    });
        } catch (ConditionTimeoutException e) {
            StringBuilder logs = new StringBuilder(e.getMessage());
            for (String name : commands.keySet()) {
                String text = log(name);
                logs.append("\n---- ").append(name).append(".log (end)\n")
                        .append(text.substring(Math.max(0, text.length() - 3000)));
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    /** What differs between the source and each target (empty when all are equal). */
    List<String> differences(List<String> excludes) {
        List<String> diffs = new ArrayList<>();
        for (RsyncDaemon d : daemons) {
            Path t = d.root().resolve(ROOT);
            if (!Files.isDirectory(t)) {
                diffs.add(d.url() + " missing " + ROOT + "/");
            } else {
                TreeAssert.differences(site, t, excludes).forEach(x -> diffs.add(d.url() + " " + x));
            }
        }
        return diffs;
    }

    /** Target ids whose keys land on every partition of a topic with {@code n} partitions. */
    static List<String> idsOnEveryPartition(int n) {
        String[] byPartition = new String[n];
        for (int i = 0, found = 0; found < n; i++) {
            String id = "web" + i;
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % n;
            if (byPartition[p] == null) {
                byPartition[p] = id;
                found++;
            }
        }
        return List.of(byPartition);
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        daemons.forEach(RsyncDaemon::close);
    }
}

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
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate processes from the built jar: {@code syncfleet broker}, one keeper+watcher, and two
 * workers. One worker is killed with SIGKILL while changes flow; its targets move to the other
 * worker, which resumes from their committed offsets with nothing lost.
 */
class WorkerKillIT {

    private static final Path JAR = Path.of("target/syncfleet.jar");

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();
    private final List<RsyncDaemon> daemons = new ArrayList<>();

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
        daemons.forEach(RsyncDaemon::close);
    }

    private Process start(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("SYNCFLEET_STATUS_LISTEN", "127.0.0.1:0");
        pb.environment().put("SYNCFLEET_LOG_DIR", tmp.resolve("logs-" + name).toString());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void killedWorkersTargetsMoveToTheOtherWithNothingLost() throws Exception {
        assertTrue(Files.exists(JAR), "run after 'package': " + JAR.toAbsolutePath());
        Path site = Files.createDirectories(tmp.resolve("source/site"));
        StringBuilder targets = new StringBuilder();
        for (String id : idsOnEveryPartition(4)) {
            RsyncDaemon d = RsyncDaemon.start(Files.createDirectories(tmp.resolve(id)));
            daemons.add(d);
            targets.append("    - {id: ").append(id).append(", url: \"").append(d.url()).append("\"}\n");
        }
        int port = freePort();
        while (port > 65000) {
            port = freePort();
        }
        Files.writeString(tmp.resolve("syncfleet.yml"), "kafka: {dataDir: ./kafka, embeddedPort: " + port
                + ", partitions: 4}\nsource: {baseDir: ./source, paths: [site]}\n"
                + "health:\n  interval: {ready: 500ms, unhealthy: 300ms, dead: 500ms, recovery: 500ms}\n"
                + "targets:\n  static:\n" + targets);
        start("broker", "broker", "--config", "syncfleet.yml");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(tmp.resolve("broker.log")).contains("ready"));
        start("keeper", "run", "--config", "syncfleet.yml", "--roles", "keeper,watcher");
        Process workerA = start("workerA", "run", "--config", "syncfleet.yml", "--roles", "worker");
        start("workerB", "run", "--config", "syncfleet.yml", "--roles", "worker");

        for (int i = 0; i < 50; i++) {
            Files.writeString(site.resolve("before-" + i + ".html"), "b" + i + "\n");
        }
        awaitConverged(site);

        // both workers own targets (one target per partition of `targets`, two partitions each)
        await().atMost(Duration.ofSeconds(60)).until(() -> !syncedBy("workerB").isEmpty()
                && !syncedBy("workerA").isEmpty());
        Set<String> ofA = syncedBy("workerA");
        for (int i = 0; i < 200; i++) {
            Files.writeString(site.resolve("during-" + i + ".html"), "d" + i + "\n");
            if (i == 50) {
                workerA.destroyForcibly(); // SIGKILL while pushes are in flight
                workerA.waitFor(10, TimeUnit.SECONDS);
            }
        }
        awaitConverged(site);
        assertTrue(syncedBy("workerB").containsAll(ofA), "worker B took over " + ofA + ": " + syncedBy("workerB"));
    }

    /** Targets a worker process started a sync loop for, from its log. */
    private Set<String> syncedBy(String worker) throws IOException {
        Matcher m = Pattern.compile("target \\[([^\\]]+)\\] is READY: syncing to")
                .matcher(Files.readString(tmp.resolve(worker + ".log")));
        Set<String> ids = new TreeSet<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Target ids whose keys land on every partition of a topic with {@code n} partitions. */
    private static List<String> idsOnEveryPartition(int n) {
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

    private void awaitConverged(Path site) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<String> diffs = new ArrayList<>();
            for (RsyncDaemon d : daemons) {
                Path t = d.root().resolve("site");
                if (!Files.isDirectory(t)) {
                    diffs.add(d.url() + " missing site/");
                } else {
                    TreeAssert.differences(site, t, List.of()).forEach(x -> diffs.add(d.url() + " " + x));
                }
            }
            assertTrue(diffs.isEmpty(), () -> diffs.size() + " differences, first: "
                    + String.join("\n", diffs.subList(0, Math.min(10, diffs.size()))));
        });
    }
}

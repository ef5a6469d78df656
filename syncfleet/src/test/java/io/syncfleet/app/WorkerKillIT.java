package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    @TempDir
    Path tmp;

    private JarFleet fleet;

    @AfterEach
    void stopAll() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void killedWorkersTargetsMoveToTheOtherWithNothingLost() throws Exception {
        fleet = new JarFleet(tmp);
        Path site = Files.createDirectories(tmp.resolve("source/site"));
        StringBuilder targets = new StringBuilder();
        for (String id : idsOnEveryPartition(4)) {
            targets.append(fleet.addTarget(id));
        }
        int port = JarFleet.embeddedPort();
        Files.writeString(tmp.resolve("syncfleet.yml"), "kafka: {dataDir: ./kafka, embeddedPort: " + port
                + ", partitions: 4}\nsource: {baseDir: ./source, paths: [site]}\n"
                + "health:\n  interval: {ready: 500ms, unhealthy: 300ms, dead: 500ms, recovery: 500ms}\n"
                + "targets:\n  static:\n" + targets);
        fleet.start("broker", "broker", "--config", "syncfleet.yml");
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.log("broker").contains("ready"));
        fleet.start("keeper", "run", "--config", "syncfleet.yml", "--roles", "keeper,watcher");
        Process workerA = fleet.start("workerA", "run", "--config", "syncfleet.yml", "--roles", "worker");
        fleet.start("workerB", "run", "--config", "syncfleet.yml", "--roles", "worker");

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
                .matcher(fleet.log(worker));
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

    private void awaitConverged(Path site) throws IOException {
        fleet.awaitConverged(site, Duration.ofSeconds(120));
    }
}

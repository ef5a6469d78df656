package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private ProcessFleet fleet;

    @AfterEach
    void stopAll() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void killedWorkersTargetsMoveToTheOtherWithNothingLost() throws Exception {
        fleet = new ProcessFleet(tmp, ProcessFleet.idsOnEveryPartition(4), 4,
                "health:\n  interval: {ready: 500ms, unhealthy: 300ms, dead: 500ms, recovery: 500ms}\n");
        Path site = fleet.site;
        fleet.startBroker();
        fleet.startRoles("keeper", "keeper,watcher");
        fleet.startRoles("workerA", "worker");
        fleet.startRoles("workerB", "worker");

        for (int i = 0; i < 50; i++) {
            Files.writeString(site.resolve("before-" + i + ".html"), "b" + i + "\n");
        }
        fleet.awaitConverged(Duration.ofSeconds(120), List.of());

        // both workers own targets (one target per partition of `targets`, two partitions each)
        await().atMost(Duration.ofSeconds(60)).until(() -> !syncedBy("workerB").isEmpty()
                && !syncedBy("workerA").isEmpty());
        Set<String> ofA = syncedBy("workerA");
        for (int i = 0; i < 200; i++) {
            Files.writeString(site.resolve("during-" + i + ".html"), "d" + i + "\n");
            if (i == 50) {
                fleet.kill("workerA"); // SIGKILL while pushes are in flight
            }
        }
        fleet.awaitConverged(Duration.ofSeconds(120), List.of());
        assertTrue(syncedBy("workerB").containsAll(ofA), "worker B took over " + ofA + ": " + syncedBy("workerB"));
    }

    /** Targets a worker process started a sync loop for, from its log. */
    private Set<String> syncedBy(String worker) throws IOException {
        Matcher m = Pattern.compile("target \\[([^\\]]+)\\] is READY: syncing to").matcher(fleet.log(worker));
        Set<String> ids = new TreeSet<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}

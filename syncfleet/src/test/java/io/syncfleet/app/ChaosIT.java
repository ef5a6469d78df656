package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.testkit.InotifyQueue;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.UnwritableDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos suite: syncfleet as separate processes (broker, keeper, watcher, two workers) pushing
 * to three rsync daemons while {@link Churn} changes the source, and one fault at a time:
 * a worker SIGKILLed and restarted, the watcher SIGKILLed and restarted after changes were made,
 * the broker stopped and started, a target SIGKILLed and restarted, a target frozen (SIGSTOP) and
 * thawed, an inotify overflow, and a target directory that refuses one file (a partial failure, which
 * goes to the dustbin and is retried until it arrives). At the end every target must equal the source byte for byte,
 * and every syncfleet process must still be running.
 *
 * <p>{@code -Dsyncfleet.chaos.seed=N} repeats a run's churn; {@code -Dsyncfleet.chaos.gap=SECONDS}
 * (default 5) is the churn between two faults; {@code -Dsyncfleet.chaos.backend} is the watch backend (default
 * {@code inotify}, whose queue the overflow fault shrinks; with {@code fanotify}, whose queue is unlimited, the
 * overflow fault is skipped).
 */
class ChaosIT {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosIT.class);
    private static final List<String> EXCLUDES = List.of("*.git", "*.svn", "*.tmp", ".~tmp~/");
    private static final List<String> SYNCFLEET = List.of("broker", "keeper", "watcher", "workerA", "workerB");

    @TempDir
    Path tmp;

    private ProcessFleet fleet;
    private final List<String> faults = new ArrayList<>();
    private final Map<String, String> skipped = new TreeMap<>();

    @AfterEach
    void stopAll() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void everyTargetEqualsTheSourceAfterOneFaultAtATime() throws Exception {
        long seed = Long.getLong("syncfleet.chaos.seed", System.nanoTime());
        Duration gap = Duration.ofSeconds(Long.getLong("syncfleet.chaos.gap", 5));
        String backend = System.getProperty("syncfleet.chaos.backend", "inotify");
        fleet = new ProcessFleet(tmp, List.of("t1", "t2", "t3"), 4, """
                watch: {backend: %s}
                rsync: {timeout: 3s}
                dustbin: {retryInterval: 2s}
                health:
                  interval: {ready: 500ms, unhealthy: 300ms, dead: 500ms, recovery: 500ms}
                  unhealthyProbes: 3
                  unhealthyFatal: 2
                  probeTimeout: 500ms
                """.formatted(backend));
        fleet.startBroker();
        fleet.startRoles("keeper", "keeper");
        fleet.startRoles("workerA", "worker");
        fleet.startRoles("workerB", "worker");
        fleet.startRoles("watcher", "watcher");
        awaitWatching(0);
        fleet.awaitConverged(Duration.ofSeconds(120), EXCLUDES);

        Churn churn = new Churn(fleet.site, seed, 20);
        Thread churner = new Thread(churn, "churn");
        long started = System.nanoTime();
        churner.start();
        try {
            pause(gap);
            inject("SIGKILL of worker A, restarted 2 s later", () -> {
                fleet.kill("workerA");
                pause(Duration.ofSeconds(2));
                fleet.restart("workerA");
            });
            pause(gap);
            inject("SIGKILL of the watcher, restarted after 4 s of changes", () -> {
                int starts = watcherStarts();
                fleet.kill("watcher");
                pause(Duration.ofSeconds(4));
                fleet.restart("watcher");
                awaitWatching(starts);
            });
            pause(gap);
            inject("broker stopped (SIGTERM) and started 4 s later", () -> {
                fleet.stop("broker");
                pause(Duration.ofSeconds(4));
                int readies = count(fleet.log("broker"), "embedded broker ready");
                fleet.restart("broker");
                await("broker ready again").atMost(Duration.ofSeconds(90))
                        .until(() -> count(fleet.log("broker"), "embedded broker ready") > readies);
            });
            pause(gap);
            RsyncDaemon t2 = fleet.daemons.get(1);
            inject("SIGKILL of target t2's rsync daemon, restarted 5 s later", () -> {
                t2.kill();
                pause(Duration.ofSeconds(5));
                t2.restart();
            });
            pause(gap);
            RsyncDaemon t3 = fleet.daemons.get(2);
            inject("SIGSTOP of target t3's rsync daemon, SIGCONT 6 s later", () -> {
                t3.stop();
                pause(Duration.ofSeconds(6));
                t3.cont();
            });
            pause(gap);
            injectOverflow(churn);
            pause(gap);
            injectPartialFailure();
            pause(gap);
        } finally {
            churn.stop();
            churner.join();
        }
        long churnMillis = (System.nanoTime() - started) / 1_000_000;
        churn.failure().ifPresent(e -> {
            throw new AssertionError("the churn itself failed", e);
        });

        long converging = System.nanoTime();
        fleet.awaitConverged(Duration.ofSeconds(240), EXCLUDES);
        long convergedMillis = (System.nanoTime() - converging) / 1_000_000;
        for (String p : SYNCFLEET) {
            assertTrue(fleet.alive(p), p + " is no longer running; see " + tmp.resolve(p + ".log"));
        }
        String summary = String.format("chaos seed %d: %d operations in %.1f s %s; %d faults injected %s;"
                        + " skipped %s; all %d targets equal the source %.1f s after the churn stopped",
                seed, churn.total(), churnMillis / 1000.0, churn.counts(), faults.size(), faults, skipped,
                fleet.daemons.size(), convergedMillis / 1000.0);
        LOG.info(summary);
        Files.writeString(Path.of("target", "chaos-summary.txt"), summary + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of(), fleet.differences(EXCLUDES));
    }

    /**
     * An inotify overflow: the kernel sizes an inotify instance's queue from
     * {@code max_queued_events} when it is created, so the limit is lowered, the watcher restarted
     * onto a tiny queue, a storm of new files made, and the limit put back. The watcher must have
     * logged a RESCAN for lost events.
     */
    private void injectOverflow(Churn churn) throws Exception {
        if (!"inotify".equals(System.getProperty("syncfleet.chaos.backend", "inotify"))) {
            skipped.put("inotify overflow", "the watcher does not use inotify in this run");
            return;
        }
        if (!InotifyQueue.writable()) {
            skipped.put("inotify overflow", InotifyQueue.FILE + " is not writable (needs root)");
            return;
        }
        InotifyQueue.atLeastDefault();
        long old = InotifyQueue.read().orElseThrow();
        inject("inotify overflow (max_queued_events 16, a storm of 2,000 files)", () -> {
            int rescans = count(fleet.log("watcher"), "events were lost");
            int starts = watcherStarts();
            try {
                InotifyQueue.write(16);
                fleet.kill("watcher");
                fleet.restart("watcher");
                awaitWatching(starts);
            } finally {
                InotifyQueue.write(old); // only the watcher started meanwhile keeps the tiny queue
            }
            churn.storm(2000);
            await("the watcher publishes a RESCAN for the lost events").atMost(Duration.ofSeconds(60))
                    .until(() -> count(fleet.log("watcher"), "events were lost") > rescans);
            // back to a watcher with a normal queue, so the rest of the run is not one RESCAN after another
            int again = watcherStarts();
            fleet.kill("watcher");
            fleet.restart("watcher");
            awaitWatching(again);
        });
    }

    /**
     * A partial failure: target t1's copy of one directory is made immutable, a file is written into the
     * source's, the worker's rsync error log shows the refusal, and the directory is made writable again; the
     * dustbin's retry must bring the file.
     */
    private void injectPartialFailure() throws Exception {
        Path source = Files.createDirectories(fleet.site.resolve(Churn.LEFT_ALONE + "locked"));
        Path onTarget = fleet.daemons.get(0).root().resolve(ProcessFleet.ROOT).resolve(Churn.LEFT_ALONE + "locked");
        await("the locked directory on t1").atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(onTarget));
        inject("target t1 refuses one file (immutable directory), writable again after the refusal", () -> {
            try (UnwritableDir locked = UnwritableDir.lock(onTarget)) {
                Files.writeString(source.resolve("refused.html"), "refused at first\n");
                await("the refusal in a worker's rsync error log").atMost(Duration.ofSeconds(60))
                        .until(() -> rsyncErrorLogs().contains("refused.html"));
            }
        });
    }

    private String rsyncErrorLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String worker : List.of("workerA", "workerB")) {
            Path logs = tmp.resolve("logs-" + worker);
            if (Files.isDirectory(logs)) {
                try (var files = Files.list(logs)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().startsWith("rsync-errors-")).toList()) {
                        all.append(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
        return all.toString();
    }

    private interface Fault {
        void run() throws Exception;
    }

    private void inject(String what, Fault fault) throws Exception {
        LOG.info("chaos: injecting {}", what);
        fault.run();
        faults.add(what);
    }

    private int watcherStarts() throws IOException {
        return count(fleet.log("watcher"), "] directories under [");
    }

    /** Waits until the watcher has logged its setup more than {@code before} times. */
    private void awaitWatching(int before) {
        await("watcher watching").atMost(Duration.ofSeconds(90)).until(() -> watcherStarts() > before);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static void pause(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis()); // the churn runs meanwhile: this spaces the faults, it asserts nothing
    }
}

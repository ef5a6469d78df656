package io.syncfleet.watcher.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.WatchBackendType;
import io.syncfleet.common.config.WatchConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.testkit.InotifyQueue;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.ChangesTopic;
import io.syncfleet.watcher.TestConfigs;
import io.syncfleet.watcher.domain.ManifestDiff;
import io.syncfleet.watcher.domain.ManifestEntry;
import io.syncfleet.watcher.fs.FanotifyWatchBackend;
import io.syncfleet.watcher.fs.InotifyWatchBackend;
import io.syncfleet.watcher.fs.ManifestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A watcher (inotify, then fanotify) stopped cleanly and started again on the same {@code watch.stateDir}: the second start
 * publishes exactly what changed in between, and no RESCAN. (The same after SIGKILL, with real
 * processes and targets, is {@code WatcherKillIT} in the syncfleet module.)
 */
class WatcherRestartIT {

    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final RelPath WWW = RelPath.of("www");

    @TempDir
    Path base;
    @TempDir
    Path state;
    private ChangesTopic changes;
    private SyncfleetConfig config;
    private WatcherAgent agent;

    /** The tree and the topic, watched by {@code backend} (skipped where it does not work here). */
    private void setUp(WatchBackendType backend) {
        InotifyQueue.atLeastDefault();
        Optional<String> unavailable = backend == WatchBackendType.INOTIFY ? InotifyWatchBackend.unavailableReason()
                : FanotifyWatchBackend.unavailableReason(base);
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> backend + " does not work here: " + unavailable.get());
        for (String f : List.of("www/a.html", "www/b.html", "www/keep.html", "www/dir/x", "www/old/y", "www/old/z/q",
                "www/skip.tmp")) {
            TestTrees.write(base, f, f);
        }
        changes = new ChangesTopic(PARTITIONS);
        WatchConfig watch = new WatchConfig(Duration.ofMillis(20), backend, false, state,
                Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO);
        config = TestConfigs.watcher(changes.kafkaConfig(), base, List.of(WWW), List.of("*.tmp"), watch);
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        if (changes != null) {
            changes.close();
        }
    }

    private WatcherAgent startAgent() {
        agent = new WatcherAgent(config, changes.topics, changes.producer, Clock.systemUTC(), "it-host");
        agent.start();
        return agent;
    }

    private List<ChangeBatch> batches() {
        return changes.poll().stream().map(ConsumerRecord::value).toList();
    }

    private Set<RelPath> paths(ChangeKind kind) {
        return batches().stream().filter(b -> b.kind() == kind).flatMap(b -> b.paths().stream())
                .collect(Collectors.toSet());
    }

    /** The saved manifest, when every entry in it is trusted. */
    private Optional<List<ManifestEntry>> trustedManifest() throws IOException {
        Optional<ManifestStore.Saved> saved = new ManifestStore(state, base, List.of(WWW), List.of("*.tmp")).open();
        if (saved.isEmpty()) {
            return Optional.empty();
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (Iterator<ManifestEntry> it = saved.get().entries(); it.hasNext(); ) {
            ManifestEntry e = it.next();
            if (!ManifestDiff.trusted(e, saved.get().horizonMillis())) {
                return Optional.empty();
            }
            entries.add(e);
        }
        return Optional.of(entries);
    }

    @ParameterizedTest
    @EnumSource(value = WatchBackendType.class, names = {"INOTIFY", "FANOTIFY"})
    void aRestartPublishesOnlyWhatChangedWhileNoWatcherRan(WatchBackendType backend) throws Exception {
        setUp(backend);
        startAgent();
        await().atMost(WAIT).until(() -> paths(ChangeKind.RESCAN).equals(Set.of(WWW)));
        List<ManifestEntry> saved = await().atMost(WAIT).until(this::trustedManifest, Optional::isPresent).get();
        assertEquals(List.of("www/a.html", "www/b.html", "www/dir", "www/dir/x", "www/keep.html", "www/old",
                "www/old/y", "www/old/z", "www/old/z/q"), saved.stream().map(e -> e.path().toString()).toList(),
                "every entry but the excluded one, in subtree order");
        agent.close();
        agent = null;
        int before = batches().size();

        Files.writeString(base.resolve("www/a.html"), "rewritten");
        Files.delete(base.resolve("www/b.html"));
        TestTrees.deleteTree(base.resolve("www/old"));
        TestTrees.write(base, "www/new/n", "n");
        TestTrees.write(base, "www/c.html", "c");
        TestTrees.write(base, "www/also.tmp", "excluded");
        Files.setPosixFilePermissions(base.resolve("www/dir/x"), PosixFilePermissions.fromString("rw-------"));

        startAgent();
        // the root too: its listing changed after the horizon, so the targets reconcile its entries (a root is no
        // manifest entry; what was synced and deleted while no watcher ran is only found that way)
        Set<RelPath> expected = Set.of(RelPath.of("www"), RelPath.of("www/a.html"), RelPath.of("www/b.html"),
                RelPath.of("www/old"), RelPath.of("www/new"), RelPath.of("www/new/n"), RelPath.of("www/c.html"),
                RelPath.of("www/dir/x"));
        await().atMost(WAIT).until(() -> agent.status().publishedBatches() > 0
                && batches().size() - before == agent.status().publishedBatches());
        List<ChangeBatch> second = batches().subList(before, batches().size());
        assertTrue(second.stream().allMatch(b -> b.kind() == ChangeKind.CHANGE), "no RESCAN: " + second);
        assertEquals(expected, second.stream().flatMap(b -> b.paths().stream()).collect(Collectors.toSet()));
        assertEquals(expected.size(), second.stream().mapToInt(b -> b.paths().size()).sum(), "each path once");
    }
}

package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.domain.ManifestDiff;
import io.syncfleet.watcher.domain.ManifestEntry;
import io.syncfleet.watcher.fs.InotifyWatchBackend;
import io.syncfleet.watcher.fs.ManifestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate processes from the built jar: {@code syncfleet broker}, a keeper+worker, and a watcher
 * that is killed with SIGKILL once its manifest is saved. Files are created, rewritten, chmodded and
 * deleted while no watcher runs; a new watcher then publishes exactly those paths and the root whose listing
 * changed (no RESCAN), and the targets converge.
 */
class WatcherKillIT {

    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void aWatcherKilledAndRestartedPublishesOnlyWhatChangedMeanwhile() throws Exception {
        try (ProcessFleet fleet = new ProcessFleet(tmp, List.of("web1", "web2"), PARTITIONS,
                "watch: {backend: inotify, checkpoint: 1s}\n"
                        + "health:\n  interval: {ready: 500ms, unhealthy: 300ms, dead: 500ms, recovery: 500ms}\n")) {
            Assumptions.assumeTrue(InotifyWatchBackend.unavailableReason().isEmpty(),
                    () -> "the manifest needs the inotify backend: " + InotifyWatchBackend.unavailableReason());
            Path source = tmp.resolve("source");
            for (String f : List.of("site/a.html", "site/b.html", "site/keep.html", "site/css/x.css", "site/old/y",
                    "site/old/z/q")) {
                TestTrees.write(source, f, f + "\n");
            }
            int port = fleet.port;
            fleet.startBroker();
            fleet.startRoles("fleet", "keeper,worker");
            Process watcher = fleet.startRoles("watcher1", "watcher");
            fleet.awaitConverged(WAIT, List.of());
            SyncfleetConfig config = ConfigLoader.load(tmp.resolve("syncfleet.yml"), null, Map.of());
            ManifestStore store = new ManifestStore(config.watch().stateDir(), config.source().baseDir(),
                    config.source().paths(), config.source().exclude());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> trustedEntries(store) == 9);

            watcher.destroyForcibly(); // SIGKILL: no clean stop, no last checkpoint
            assertTrue(watcher.waitFor(30, TimeUnit.SECONDS));
            try (KafkaConsumer<String, ChangeBatch> consumer = consumer(port)) {
                String topic = new Topics("syncfleet", PARTITIONS).name(Topics.CHANGES);
                List<TopicPartition> parts = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    parts.add(new TopicPartition(topic, p));
                }
                consumer.assign(parts);
                Map<TopicPartition, Long> killedAt = consumer.endOffsets(parts);
                killedAt.forEach(consumer::seek);

                Files.writeString(source.resolve("site/a.html"), "rewritten while no watcher ran\n");
                Files.delete(source.resolve("site/b.html"));
                TestTrees.deleteTree(source.resolve("site/old"));
                TestTrees.write(source, "site/new/n.html", "n\n");
                TestTrees.write(source, "site/c.html", "c\n");
                Files.setPosixFilePermissions(source.resolve("site/css/x.css"), PosixFilePermissions.fromString("rw-------"));

                fleet.startRoles("watcher2", "watcher");
                fleet.awaitConverged(WAIT, List.of());
                // the root too: its listing changed, so the targets reconcile its entries
                Set<String> expected = Set.of("site", "site/a.html", "site/b.html", "site/old", "site/new",
                        "site/new/n.html", "site/c.html", "site/css/x.css");
                List<ChangeBatch> published = new ArrayList<>();
                await().atMost(WAIT).until(() -> {
                    for (ConsumerRecord<String, ChangeBatch> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.value().kind() != ChangeKind.HEARTBEAT) {
                            published.add(r.value());
                        }
                    }
                    return paths(published).size() >= expected.size();
                });
                assertTrue(published.stream().allMatch(b -> b.kind() == ChangeKind.CHANGE), "no RESCAN: " + published);
                assertEquals(expected, paths(published));
                assertEquals(expected.size(), published.stream().mapToInt(b -> b.paths().size()).sum(), "each path once");
            }
        }
    }

    private static Set<String> paths(List<ChangeBatch> batches) {
        return batches.stream().flatMap(b -> b.paths().stream()).map(RelPath::toString).collect(Collectors.toSet());
    }

    /** Entries of the saved manifest, or -1 while any of them is not trusted yet. */
    private static long trustedEntries(ManifestStore store) throws IOException {
        var saved = store.open();
        if (saved.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (Iterator<ManifestEntry> it = saved.get().entries(); it.hasNext(); n++) {
            if (!ManifestDiff.trusted(it.next(), saved.get().horizonMillis())) {
                return -1;
            }
        }
        return n;
    }

    private static KafkaConsumer<String, ChangeBatch> consumer(int port) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), Topics.CHANGES.valueSerde().deserializer());
    }
}

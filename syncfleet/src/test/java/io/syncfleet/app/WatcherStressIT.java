package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.InotifyQueue;
import io.syncfleet.testkit.TestBroker;
import io.syncfleet.watcher.fs.InotifyWatchBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher under pressure, end to end with real targets: a kernel queue overflow becomes a RESCAN
 * and the targets converge; a tree created and filled faster than its directories are registered is
 * still synced in full.
 */
class WatcherStressIT {

    private static final long SMALL_QUEUE = 32;

    @TempDir
    Path tmp;

    @Test
    void aQueueOverflowIsRescannedAndTheTargetsConverge() throws Exception {
        Assumptions.assumeTrue(InotifyWatchBackend.unavailableReason().isEmpty(), "needs the inotify backend");
        Assumptions.assumeTrue(InotifyQueue.writable(),
                "fs.inotify.max_queued_events cannot be lowered here (needs root)");
        TestBroker.shared(); // started before the limit is lowered, to keep that moment short
        InotifyQueue.atLeastDefault();
        long old = InotifyQueue.read().orElseThrow();
        FleetFixture fleet;
        try {
            InotifyQueue.write(SMALL_QUEUE); // an instance keeps the limit it was created with
            fleet = new FleetFixture(tmp, 2, "watch: {backend: inotify, heartbeat: 0s}\n");
        } finally {
            // the limit is machine-wide: put the old value back unless someone else changed it meanwhile
            if (InotifyQueue.read().orElse(-1) == SMALL_QUEUE) {
                InotifyQueue.write(old);
            }
        }
        try (fleet) {
            fleet.awaitConverged(1, 2); // the RESCAN of the start is consumed: any later one is the overflow's
            overflowIsRescanned(fleet);
        }
    }

    private static void overflowIsRescanned(FleetFixture fleet) throws Exception {
        try (KafkaConsumer<String, ChangeBatch> consumer = changesConsumer(fleet)) {
            for (int d = 0; d < 20; d++) { // thousands of events against a queue of 32
                Path dir = Files.createDirectories(fleet.base.resolve("site/storm-" + d));
                for (int f = 0; f < 300; f++) {
                    Files.writeString(dir.resolve("f" + f + ".html"), d + "/" + f + "\n");
                }
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, ChangeBatch> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value().kind() == ChangeKind.RESCAN && r.value().paths().contains(RelPath.of("site"))) {
                        return true;
                    }
                }
                return false;
            });
            fleet.awaitConverged(1, 2);
        }
    }

    @Test
    void aTreeFilledFasterThanItIsRegisteredIsSyncedInFullAndWatched() throws Exception {
        try (FleetFixture fleet = new FleetFixture(tmp, 2, "watch: {heartbeat: 1s}\n")) {
            fleet.awaitConverged(1, 2);
            Process p = new ProcessBuilder("sh", "-c", "for a in 1 2 3 4 5 6 7 8; do for b in 1 2 3 4 5 6; do"
                    + " mkdir -p site/race/$a/$b/c/d && echo $a$b > site/race/$a/$b/c/d/f && echo $a > site/race/$a/g;"
                    + " done; done").directory(fleet.base.toFile()).inheritIO().start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0);
            fleet.awaitConverged(1, 2);
            assertEquals(48, Files.walk(fleet.root(1).resolve("race")).filter(f -> f.endsWith("f")).count());
            // site, race, 8 x $a, 48 x $b, $b/c and $b/c/d: every directory is watched, the pipeline is alive
            JsonNode watcher = await().atMost(Duration.ofSeconds(30)).until(() -> status(fleet).path("watcher"),
                    w -> w.path("watchedDirectories").asLong() == 154 && w.path("lastHeartbeatMillis").asLong() > 0);
            assertTrue(watcher.path("lastEventMillis").asLong() > 0, watcher.toString());
            assertTrue(watcher.path("backend").isTextual(), watcher.toString());
        }
    }

    /** The document {@code GET /status} serves, as JSON (the fixture runs no HTTP server). */
    private static JsonNode status(FleetFixture fleet) {
        return new ObjectMapper().valueToTree(fleet.node.status());
    }

    /** Reads {@code changes} from its current end: what the watcher publishes from now on. */
    private static KafkaConsumer<String, ChangeBatch> changesConsumer(FleetFixture fleet) {
        KafkaConsumer<String, ChangeBatch> c = new KafkaConsumer<>(
                fleet.node.kafka().clients().consumer("test-stress", null), Topics.CHANGES.keySerde().deserializer(),
                Topics.CHANGES.valueSerde().deserializer());
        String topic = fleet.topics.name(Topics.CHANGES);
        List<TopicPartition> parts = IntStream.range(0, fleet.topics.partitions(Topics.CHANGES))
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        c.assign(parts);
        Map<TopicPartition, Long> end = c.endOffsets(parts);
        end.forEach(c::seek);
        return c;
    }
}

package io.syncfleet.worker.app;

import static io.syncfleet.worker.app.WorkerFixture.CONVERGE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.worker.process.LocalProcessRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers in one JVM share the targets through the workers' group on {@code targets}: each target is
 * owned by exactly one of them, and when one dies (halted: nothing committed, no group left, as a SIGKILL)
 * or stops, the other takes all its targets over and nothing published is lost.
 */
class OwnershipIT {

    private static final int PARTITIONS = 4;
    private static final int PER_PARTITION = 2;

    @TempDir
    Path dir;

    private WorkerFixture fx;
    private RsyncDaemon[] daemons;
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fx = new WorkerFixture(dir, PARTITIONS);
        ids.addAll(idsCoveringEveryPartition());
        daemons = fx.startDaemons(ids.size());
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** Target ids whose records land {@value #PER_PARTITION} on each partition of {@code targets}. */
    private static List<String> idsCoveringEveryPartition() {
        int[] count = new int[PARTITIONS];
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < PARTITIONS * PER_PARTITION; i++) {
            String id = "web" + i;
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (count[p] < PER_PARTITION) {
                count[p]++;
                out.add(id);
            }
        }
        return out;
    }

    private SyncWorker start(String workerId) {
        return fx.startWorker(workerId, new LocalProcessRunner());
    }

    /** Makes every target READY and publishes a RESCAN of the root: a full sync of each. */
    private void allReadyAndRescanned() {
        for (int i = 0; i < ids.size(); i++) {
            fx.setStatus(ids.get(i), daemons[i].url(), TargetState.READY, null);
        }
        fx.publish(ChangeKind.RESCAN, ".");
    }

    private record Pair(SyncWorker a, SyncWorker b) {
    }

    /** Starts workers wa and wb on a fleet made READY and rescanned; waits until they split it and all are the same. */
    private Pair startTwoSplitAndSame() {
        SyncWorker a = start("wa");
        SyncWorker b = start("wb");
        allReadyAndRescanned();
        awaitSplit(a, b);
        awaitAllSame();
        return new Pair(a, b);
    }

    private void awaitAllSame() {
        for (RsyncDaemon d : daemons) {
            fx.awaitSame(d.root());
        }
    }

    private static Set<String> owned(SyncWorker w) {
        Set<String> out = new TreeSet<>();
        w.status().forEach(s -> out.add(s.id()));
        return out;
    }

    /** Waits until the two workers split the targets: each owns some, none is owned twice, none is missing. */
    private void awaitSplit(SyncWorker a, SyncWorker b) {
        await("targets split over both workers").atMost(CONVERGE).untilAsserted(() -> {
            Set<String> ownedA = owned(a);
            Set<String> ownedB = owned(b);
            Set<String> both = new HashSet<>(ownedA);
            both.retainAll(ownedB);
            Set<String> all = new TreeSet<>(ownedA);
            all.addAll(ownedB);
            assertEquals(Set.of(), both, "owned twice");
            assertEquals(new TreeSet<>(ids), all, "every target owned");
            assertFalse(ownedA.isEmpty(), "a owns some");
            assertFalse(ownedB.isEmpty(), "b owns some");
            assertEquals(PARTITIONS, a.ownedPartitions() + b.ownedPartitions());
        });
    }

    /** Waits until {@code w} owns every target, then until every target equals the source. */
    private void awaitOwnsAllAndSame(SyncWorker w) {
        await(w.workerId() + " owns every target").atMost(CONVERGE).untilAsserted(() -> {
            assertEquals(new TreeSet<>(ids), owned(w));
            assertEquals(PARTITIONS, w.ownedPartitions());
        });
        awaitAllSame();
    }

    @Test
    void eachTargetHasOneOwnerAndADeadWorkersTargetsMoveToTheOtherWithNothingLost() {
        fx.write("site/index.html", "v1");
        fx.write("site/a/1.txt", "1");
        Pair started = startTwoSplitAndSame();
        SyncWorker a = started.a();
        SyncWorker b = started.b();

        // published right before the crash: some of it is surely not committed by b yet
        fx.write("site/index.html", "v2, just before b dies");
        fx.write("site/b/2.txt", "2");
        fx.publish(ChangeKind.CHANGE, "site/index.html", "site/b", "site/b/2.txt");
        Set<String> ofB = owned(b);
        b.halt();

        // published while b's targets have no owner
        fx.write("site/c/3.txt", "3");
        TestTrees.deleteTree(fx.src.resolve("site/a"));
        fx.publish(ChangeKind.CHANGE, "site/c", "site/c/3.txt", "site/a/1.txt", "site/a");

        awaitOwnsAllAndSame(a);
        for (String id : ofB) {
            TargetSyncStatus s = WorkerFixture.statusOf(a, id).orElseThrow();
            assertEquals("READY", s.state(), s::toString);
        }
        await().atMost(CONVERGE).untilAsserted(() -> {
            for (TargetSyncStatus s : a.status()) {
                assertEquals(0, s.lag(), s::toString);
                assertEquals("", s.lastError(), s::toString);
            }
        });
    }

    @Test
    void aStoppedWorkerHandsItsTargetsOverAndANewWorkerGetsAShare() {
        fx.write("x/1.txt", "1");
        Pair started = startTwoSplitAndSame();
        SyncWorker a = started.a();
        SyncWorker b = started.b();

        b.close();
        fx.write("x/2.txt", "2");
        fx.publish(ChangeKind.CHANGE, "x/2.txt");
        awaitOwnsAllAndSame(a);

        SyncWorker c = start("wc");
        awaitSplit(a, c);
        fx.write("x/3.txt", "3");
        fx.publish(ChangeKind.CHANGE, "x/3.txt");
        awaitAllSame();
    }

    @Test
    void aRemovedTargetIsNoLongerSynced() throws Exception {
        fx.write("r/1.txt", "1");
        SyncWorker a = start("wa");
        allReadyAndRescanned();
        awaitOwnsAllAndSame(a);

        String gone = ids.get(0);
        fx.remove(gone);
        await().atMost(CONVERGE).until(() -> WorkerFixture.statusOf(a, gone).isEmpty());
        // the loop's thread is named after its target; its group has no member to watch
        await("the loop of " + gone + " ended").atMost(CONVERGE).until(() -> Thread.getAllStackTraces().keySet()
                .stream().noneMatch(t -> t.getName().equals("sync-" + gone)));
        String group = fx.topics.targetGroup(gone);
        try (Admin admin = fx.clients.createAdmin("it-admin")) {
            Map<TopicPartition, OffsetAndMetadata> before = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            fx.write("r/2.txt", "2");
            fx.publish(ChangeKind.CHANGE, "r/2.txt");
            for (int i = 1; i < daemons.length; i++) {
                fx.awaitSame(daemons[i].root());
            }
            assertEquals(before, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(),
                    "a removed target's group gets no more commits");
        }
        assertFalse(Files.exists(daemons[0].root().resolve("r/2.txt")), "a removed target gets nothing");
        assertTrue(Files.exists(daemons[0].root().resolve("r/1.txt")), "and keeps what it had");
    }
}

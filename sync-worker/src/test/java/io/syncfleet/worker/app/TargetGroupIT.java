package io.syncfleet.worker.app;

import static io.syncfleet.worker.app.WorkerFixture.CONVERGE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.worker.process.LocalProcessRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target's loop commits to its group {@code <prefix>.target.<id>} without joining it: while the loop runs,
 * and across restarts of the loop, Kafka describes the group as a simple consumer group, {@code Empty} with
 * no members (so no start of a loop is a rebalance), and its committed offsets, which
 * {@code kafka-consumer-groups --describe} shows, still advance with every sync.
 */
class TargetGroupIT {

    private static final String ID = "web0";

    @TempDir
    Path dir;

    private WorkerFixture fx;
    private RsyncDaemon daemon;
    private SyncWorker worker;
    private Admin admin;
    private String group;
    private long published;

    @BeforeEach
    void setUp() {
        fx = new WorkerFixture(dir, 3);
        daemon = fx.startDaemons(1)[0];
        worker = fx.startWorker("w1", new LocalProcessRunner());
        admin = fx.clients.createAdmin("it-admin");
        group = fx.topics.targetGroup(ID);
    }

    @AfterEach
    void tearDown() {
        admin.close();
        fx.close();
    }

    private TargetSyncStatus status() {
        return WorkerFixture.statusOf(worker, ID).orElseThrow(() -> new AssertionError("not owned: " + worker.status()));
    }

    /** The sum of the group's committed offsets on {@code changes}: its progress. */
    private long committedSum() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private ConsumerGroupDescription describe() throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
    }

    /**
     * Publishes a change (a RESCAN of the root for {@code rel} "."), waits until it is on the target and the
     * group's committed offsets reached the end of {@code changes}, and returns the group's progress then.
     */
    private long synced(ChangeKind kind, String rel) throws Exception {
        if (kind == ChangeKind.CHANGE) {
            fx.write(rel, rel);
        }
        published += fx.publish(kind, rel);
        fx.awaitSame(daemon.root());
        await("the group's offsets reach the end of the log").atMost(CONVERGE)
                .until(() -> committedSum() == published);
        return committedSum();
    }

    private void assertNoMembersWhileTheLoopRuns() throws Exception {
        assertEquals("READY", status().state());
        await("no lag").atMost(CONVERGE).until(() -> status().lag() == 0);
        ConsumerGroupDescription d = describe();
        assertEquals(GroupState.EMPTY, d.groupState(), d::toString);
        assertEquals(List.of(), List.copyOf(d.members()), d::toString);
        assertTrue(d.isSimpleConsumerGroup(), d::toString);
    }

    @Test
    void aLoopRestartJoinsNoGroupAndTheCommittedOffsetsStillAdvance() throws Exception {
        fx.setStatus(ID, daemon.url(), TargetState.READY, null);
        fx.write("site/index.html", "v1");
        synced(ChangeKind.RESCAN, ".");
        long progress = synced(ChangeKind.CHANGE, "site/first.txt");
        assertNoMembersWhileTheLoopRuns();

        for (int restart = 1; restart <= 2; restart++) {
            fx.setStatus(ID, daemon.url(), TargetState.DEAD, null); // stops the loop, offsets kept
            await("loop of " + ID + " stopped").atMost(CONVERGE)
                    .until(() -> status().state().equals("DEAD") && status().syncs() == 0);
            fx.setStatus(ID, daemon.url(), TargetState.READY, null); // a new loop, from the committed offsets

            long next = synced(ChangeKind.CHANGE, "site/after-restart-" + restart + ".txt");

            assertTrue(next > progress, "committed offsets advance: " + progress + " -> " + next);
            assertNoMembersWhileTheLoopRuns();
            progress = next;
        }
    }
}

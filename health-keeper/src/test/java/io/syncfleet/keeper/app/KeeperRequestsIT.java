package io.syncfleet.keeper.app;

import static io.syncfleet.common.event.TargetState.READY;
import static io.syncfleet.common.event.TargetState.RECOVERY;
import static io.syncfleet.keeper.app.KeeperFixture.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.TargetsConfig;
import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.TargetRequest.Action;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.RsyncDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators' requests on the {@code requests} topic (published here by hand, as the CLI would). */
class KeeperRequestsIT {

    @TempDir
    Path dir;

    private KeeperFixture fx;
    private RsyncDaemon web2;
    private HealthKeeper keeper;

    @BeforeEach
    void setUp() throws Exception {
        fx = new KeeperFixture(dir);
        web2 = fx.daemon("web2");
        keeper = fx.start(fx.config(new TargetsConfig(List.of())));
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** Adds web2 and completes its first full sync: web2 is ready. */
    private void addReadyWeb2() throws Exception {
        fx.request(Action.ADD, "web2", web2.url(), -1);
        await("web2 added").atMost(WAIT).until(() -> fx.targets.isIn("web2", RECOVERY));
        fx.report("web2", SyncOutcome.OK, 0, "", fx.targets.latest("web2").pendingCommandId());
        await("web2 ready").atMost(WAIT).until(() -> fx.targets.isIn("web2", READY));
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        return fx.admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    }

    /** Commits offset 0 on every partition of {@code changes} in the target's group, as a worker would. */
    private KafkaConsumer<String, ?> commitAsWorker(String targetId, boolean stayMember) {
        String group = fx.topics.targetGroup(targetId);
        KafkaConsumer<String, ?> c = new KafkaConsumer<>(fx.clients.consumer(group + "-it", group),
                Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer());
        String topic = fx.topics.name(Topics.CHANGES);
        if (stayMember) {
            c.subscribe(List.of(topic));
            await("member of " + group).atMost(WAIT).until(() -> {
                ConsumerRecords<String, ?> ignored = c.poll(Duration.ofMillis(100));
                return !c.assignment().isEmpty();
            });
            c.commitSync();
        } else {
            TopicPartition p0 = new TopicPartition(topic, 0);
            c.assign(List.of(p0));
            c.commitSync(Map.of(p0, new OffsetAndMetadata(0)));
        }
        return c;
    }

    @Test
    void addedTargetGetsAFullSyncFirstThenJoinsLiveSync() throws Exception {
        fx.request(Action.ADD, "web2", web2.url(), -1);
        await("web2 added").atMost(WAIT).until(() -> fx.targets.isIn("web2", RECOVERY));
        TargetStatus added = fx.targets.latest("web2");
        assertEquals(web2.url(), added.url());
        assertEquals(CatchUpMode.FULL, added.command().mode());
        assertEquals("added by operator alice@ops1; catch-up web2-c1 (full): a new target gets a full sync before live"
                + " sync", added.reason());

        fx.report("web2", SyncOutcome.OK, 0, "1000 files", "web2-c1");
        await("web2 ready").atMost(WAIT).until(() -> fx.targets.isIn("web2", READY));
        assertEquals("catch-up web2-c1 (full) ok: 1000 files", fx.targets.latest("web2").reason());
        assertEquals(READY, keeper.status().get(0).state());
    }

    @Test
    void addOfAKnownTargetMovesItsUrlAndKeepsItsState() throws Exception {
        addReadyWeb2();
        RsyncDaemon moved = fx.daemon("web2-moved");
        fx.request(Action.ADD, "web2", moved.url(), -1);
        await("web2 moved").atMost(WAIT).until(() -> moved.url().equals(fx.targets.latest("web2").url()));
        assertEquals(READY, fx.targets.latest("web2").state());
        assertEquals(moved.url(), keeper.status().get(0).url());
    }

    @Test
    void addWithABadUrlIsIgnored() throws Exception {
        fx.request(Action.ADD, "web3", "http://10.0.0.3/www", -1);
        fx.request(Action.ADD, "web4", web2.url(), -1);
        await("web4 added after the bad request").atMost(WAIT).until(() -> fx.targets.latest("web4") != null);
        assertEquals(List.of(), fx.targets.history("web3"));
    }

    @Test
    void replayAndFullSyncRequestsIssueTheirCommands() throws Exception {
        addReadyWeb2();
        long since = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
        fx.request(Action.REPLAY, "web2", null, since);
        await("web2 replaying").atMost(WAIT).until(() -> fx.targets.isIn("web2", RECOVERY));
        CatchUpCommand replay = fx.targets.latest("web2").command();
        assertEquals("web2-c2", replay.id());
        assertEquals(CatchUpMode.REPLAY, replay.mode());
        assertEquals(since, replay.replayFromMillis());
        assertTrue(fx.targets.latest("web2").reason().startsWith("operator alice@ops1 asked for a replay; catch-up"
                + " web2-c2 (replay from 2026-11-23T10:00:00Z)"), fx.targets.latest("web2").reason());

        fx.request(Action.FULL_SYNC, "web2", null, -1);
        await("web2 full sync").atMost(WAIT).until(() -> "web2-c3".equals(fx.targets.latest("web2").pendingCommandId()));
        CatchUpCommand full = fx.targets.latest("web2").command();
        assertEquals(CatchUpMode.FULL, full.mode());
        assertEquals(-1, full.replayFromMillis());
        assertTrue(fx.targets.latest("web2").reason().endsWith("; replaces web2-c2"), fx.targets.latest("web2").reason());

        fx.report("web2", SyncOutcome.OK, 0, "", "web2-c2");
        fx.report("web2", SyncOutcome.OK, 0, "", "web2-c3");
        await("web2 ready").atMost(WAIT).until(() -> fx.targets.isIn("web2", READY));
        assertEquals("catch-up web2-c3 (full) ok", fx.targets.latest("web2").reason(), "web2-c2's result was stale");
    }

    @Test
    void removePublishesATombstoneAndDeletesTheGroup() throws Exception {
        addReadyWeb2();
        commitAsWorker("web2", false).close();
        String group = fx.topics.targetGroup("web2");
        assertFalse(committed(group).isEmpty());

        fx.request(Action.REMOVE, "web2", null, -1);
        await("web2 removed").atMost(WAIT).until(() -> fx.targets.removed("web2"));
        await("group of web2 deleted").atMost(WAIT).until(() -> committed(group).isEmpty());
        await("web2 gone from the status").atMost(WAIT).until(() -> keeper.status().isEmpty());
    }

    @Test
    void removeWaitsUntilTheWorkerLeavesTheGroup() throws Exception {
        addReadyWeb2();
        KafkaConsumer<String, ?> worker = commitAsWorker("web2", true);
        String group = fx.topics.targetGroup("web2");
        try {
            fx.request(Action.REMOVE, "web2", null, -1);
            await("web2 removed").atMost(WAIT).until(() -> fx.targets.removed("web2"));
            assertFalse(committed(group).isEmpty(), "Kafka keeps a group with members");
        } finally {
            worker.close();
        }
        await("group of web2 deleted once the worker left").atMost(WAIT).until(() -> committed(group).isEmpty());
    }

    @Test
    void removedThenAddedAgainStartsOverWithANewCommandId() throws Exception {
        addReadyWeb2();
        fx.request(Action.REMOVE, "web2", null, -1);
        fx.request(Action.ADD, "web2", web2.url(), -1);
        await("web2 back").atMost(WAIT).until(() -> fx.targets.history("web2").size() >= 4);
        TargetStatus back = fx.targets.latest("web2");
        assertEquals(RECOVERY, back.state());
        assertEquals("web2-c2", back.pendingCommandId(), "ids of its earlier life are not reused");
        assertNull(fx.targets.history("web2").get(2), "the tombstone came first");
    }
}

package io.syncfleet.keeper.app;

import static io.syncfleet.common.event.TargetState.DEAD;
import static io.syncfleet.common.event.TargetState.READY;
import static io.syncfleet.common.event.TargetState.RECOVERY;
import static io.syncfleet.common.event.TargetState.UNHEALTHY;
import static io.syncfleet.keeper.app.KeeperFixture.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.TargetConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.config.TargetsConfig;
import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.RsyncDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keeper against real rsync daemons and the embedded broker: states follow what happens to a target,
 * every transition is published to {@code targets}, and workers' reports (published here by hand) move
 * targets on.
 */
class HealthKeeperIT {

    @TempDir
    Path dir;

    private KeeperFixture fx;
    private RsyncDaemon web1;

    @BeforeEach
    void setUp() {
        fx = new KeeperFixture(dir);
        web1 = fx.daemon("web1");
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** web1 as a static target that an earlier keeper left ready. */
    private HealthKeeper startWithReadyWeb1() throws Exception {
        fx.seed(TargetStatus.of("web1", web1.url(), READY, System.currentTimeMillis(), "seeded ready"));
        return fx.start(fx.config(new TargetsConfig(List.of(new TargetConfig("web1", TargetUrl.parse(web1.url()))))));
    }

    private TargetHealthView view(HealthKeeper keeper, String id) {
        return keeper.status().stream().filter(v -> v.id().equals(id)).findFirst().orElse(null);
    }

    private static long connects(RsyncDaemon d) throws IOException {
        if (!Files.exists(d.logFile())) {
            return 0;
        }
        try (var lines = Files.lines(d.logFile())) {
            return lines.filter(l -> l.contains("connect from")).count();
        }
    }

    @Test
    void readyTargetStaysReadyWhileItAnswersProbes() throws Exception {
        HealthKeeper keeper = startWithReadyWeb1();
        long before = connects(web1);
        await("web1 probed five times").atMost(WAIT).until(() -> connects(web1) >= before + 5);
        assertEquals(List.of(READY), fx.targets.states("web1"), "nothing published but the seeded status");
        TargetHealthView v = view(keeper, "web1");
        assertEquals(READY, v.state());
        assertEquals("seeded ready", v.reason());
        assertNull(v.pendingCommandId());
        await("lag of web1 known").atMost(WAIT).until(() -> view(keeper, "web1").lagRecords() == 0);
    }

    @Test
    void killedTargetGoesDeadAndComesBackThroughACatchUp() throws Exception {
        HealthKeeper keeper = startWithReadyWeb1();
        web1.kill();
        await("web1 dead").atMost(WAIT).until(() -> fx.targets.isIn("web1", DEAD));
        assertEquals(List.of(READY, UNHEALTHY, DEAD), fx.targets.states("web1"));
        // a probe in flight at the kill may see "connection reset" instead of "connection refused"
        String first = fx.targets.history("web1").get(1).reason();
        assertTrue(first.startsWith("probe failed: conn"), first);
        String last = fx.targets.latest("web1").reason();
        assertTrue(last.startsWith("3/5 probes failed: conn"), last);
        assertEquals(DEAD, view(keeper, "web1").state());
        assertTrue(view(keeper, "web1").outageStartMillis() > 0);

        web1.restart();
        await("web1 in recovery").atMost(WAIT).until(() -> fx.targets.isIn("web1", RECOVERY));
        assertEquals(List.of(READY, UNHEALTHY, DEAD, UNHEALTHY, RECOVERY), fx.targets.states("web1"));
        TargetStatus recovery = fx.targets.latest("web1");
        CatchUpCommand command = recovery.command();
        assertNotNull(command, "recovery carries its catch-up command");
        assertEquals("web1-c1", command.id());
        assertEquals(CatchUpMode.REPLAY, command.mode(), "short outage, nothing committed, nothing deleted: replay");
        assertEquals(-1, command.replayFromMillis());
        assertTrue(recovery.reason().startsWith("3/5 probes ok; catch-up web1-c1 (replay): "), recovery.reason());
        assertEquals("web1-c1", view(keeper, "web1").pendingCommandId());

        fx.report("web1", SyncOutcome.OK, 0, "", "web1-c1");
        await("web1 ready").atMost(WAIT).until(() -> fx.targets.isIn("web1", READY));
        assertEquals("catch-up web1-c1 (replay) ok", fx.targets.latest("web1").reason());
        assertNull(fx.targets.latest("web1").command());
        assertEquals(READY, view(keeper, "web1").state());
    }

    @Test
    void failedCatchUpSendsTheTargetBackToUnhealthyAndTheNextCommandHasANewId() throws Exception {
        fx.start(fx.config(new TargetsConfig(List.of(new TargetConfig("web1", TargetUrl.parse(web1.url()))))));
        await("new web1 in recovery").atMost(WAIT).until(() -> fx.targets.isIn("web1", RECOVERY));
        CatchUpCommand first = fx.targets.latest("web1").command();
        assertEquals(new CatchUpCommand("web1-c1", CatchUpMode.FULL, first.issuedAtMillis()), first,
                "a new target gets a full sync first");

        fx.report("web1", SyncOutcome.FATAL_CONFIG, 5, "module not found on target", "web1-c1");
        await("second catch-up").atMost(WAIT).until(() -> fx.targets.isIn("web1", RECOVERY)
                && "web1-c2".equals(fx.targets.latest("web1").pendingCommandId()));
        List<TargetStatus> h = fx.targets.history("web1");
        assertEquals("catch-up web1-c1 (full) failed: fatal config, exit 5: module not found on target",
                h.get(1).reason());
        assertEquals(CatchUpMode.FULL, fx.targets.latest("web1").command().mode(), "the full sync is still owed");
    }

    @Test
    void partialCatchUpCountsAsCaughtUp() throws Exception {
        fx.start(fx.config(new TargetsConfig(List.of(new TargetConfig("web1", TargetUrl.parse(web1.url()))))));
        await("new web1 in recovery").atMost(WAIT).until(() -> fx.targets.isIn("web1", RECOVERY));
        fx.report("web1", SyncOutcome.PARTIAL, 23, "some files failed", "web1-c1");
        await("web1 ready").atMost(WAIT).until(() -> fx.targets.isIn("web1", READY));
        assertEquals("catch-up web1-c1 (full) ok: partial, exit 23: some files failed",
                fx.targets.latest("web1").reason());
    }

    @Test
    void frozenTargetLeavesReady() throws Exception {
        startWithReadyWeb1();
        web1.stop();
        try {
            await("web1 unhealthy").atMost(WAIT).until(() -> fx.targets.isIn("web1", UNHEALTHY)
                    || fx.targets.isIn("web1", DEAD));
            assertEquals("probe failed: no rsync greeting within 300ms", fx.targets.history("web1").get(1).reason());
        } finally {
            web1.cont();
        }
        await("web1 back in recovery").atMost(WAIT).until(() -> fx.targets.isIn("web1", RECOVERY));
    }

    @Test
    void workerReportOfATargetDownMovesItToUnhealthyAtOnce() throws Exception {
        HealthKeeper keeper = startWithReadyWeb1();
        fx.report("web1", SyncOutcome.TARGET_DOWN, 30, "timeout in data send/receive", null);
        await("web1 unhealthy").atMost(WAIT).until(() -> fx.targets.states("web1").contains(UNHEALTHY));
        assertEquals("worker reported target down: target down, exit 30: timeout in data send/receive",
                fx.targets.history("web1").get(1).reason(), "the daemon answers probes: only the report can do this");
        await("web1 catching up").atMost(WAIT).until(() -> fx.targets.isIn("web1", RECOVERY));
        assertEquals(RECOVERY, view(keeper, "web1").state());
    }

    @Test
    void reportsWithoutAPendingCommandChangeNothing() throws Exception {
        startWithReadyWeb1();
        fx.report("web1", SyncOutcome.OK, 0, "", null);
        fx.report("web1", SyncOutcome.OK, 0, "", "web1-c9");
        fx.report("web1", SyncOutcome.TARGET_DOWN, 10, "connection refused", null);
        await("the down report").atMost(WAIT).until(() -> fx.targets.states("web1").size() >= 2);
        assertEquals(List.of(READY, UNHEALTHY), fx.targets.states("web1").subList(0, 2),
                "the ok reports and the stale catch-up result were ignored; the down report acted");
    }

    /** Three records on partition 0 of {@code changes}; the keeper only counts offsets, so any bytes do. */
    private void threeChangesOnPartitionZero() throws Exception {
        try (var p = new KafkaProducer<>(fx.clients.producer(fx.topics.prefix() + "-it-changes"), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                p.send(new ProducerRecord<>(fx.topics.name(Topics.CHANGES), 0, "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void statusShowsTheLagOfTheTargetsGroup() throws Exception {
        threeChangesOnPartitionZero();
        TopicPartition p0 = new TopicPartition(fx.topics.name(Topics.CHANGES), 0);
        fx.admin.alterConsumerGroupOffsets(fx.topics.targetGroup("web1"), Map.of(p0, new OffsetAndMetadata(1)))
                .all().get(30, TimeUnit.SECONDS);
        HealthKeeper keeper = startWithReadyWeb1();
        await("lag of web1").atMost(WAIT).until(() -> view(keeper, "web1").lagRecords() == 2);
    }

    @Test
    void catchUpIsFullWhenTheCommittedOffsetIsNoLongerInTheLog() throws Exception {
        threeChangesOnPartitionZero();
        TopicPartition p0 = new TopicPartition(fx.topics.name(Topics.CHANGES), 0);
        fx.admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(2))).all().get(30, TimeUnit.SECONDS);
        HealthKeeper keeper = startWithReadyWeb1();
        assertEquals(1, view(keeper, "web1").lagRecords(), "nothing committed: it would start at the log start");
        web1.kill();
        await("web1 dead").atMost(WAIT).until(() -> fx.targets.isIn("web1", DEAD));
        web1.restart();
        await("web1 in recovery").atMost(WAIT).until(() -> fx.targets.isIn("web1", RECOVERY));
        assertEquals(CatchUpMode.FULL, fx.targets.latest("web1").command().mode());
        assertTrue(fx.targets.latest("web1").reason().endsWith("(full): the committed offset is not in the log (none"
                + " committed, or deleted by retention)"), fx.targets.latest("web1").reason());
    }

    @Test
    void restartedKeeperResumesFromTheTopicWithoutReusingCommandIds() throws Exception {
        TargetsConfig targets = new TargetsConfig(List.of(new TargetConfig("web1", TargetUrl.parse(web1.url()))));
        HealthKeeper first = fx.start(fx.config(targets));
        await("web1 in recovery").atMost(WAIT).until(() -> fx.targets.isIn("web1", RECOVERY));
        assertEquals("web1-c1", fx.targets.latest("web1").pendingCommandId());
        first.close();

        HealthKeeper second = fx.start(fx.config(targets));
        await("web1 unhealthy after the restart").atMost(WAIT).until(() -> fx.targets.states("web1").size() >= 2);
        TargetStatus restored = fx.targets.history("web1").get(1);
        assertEquals(UNHEALTHY, restored.state());
        assertEquals("the keeper restarted during catch-up web1-c1 (full); a fresh probe round decides a new (full)"
                + " catch-up", restored.reason());
        await("a new catch-up").atMost(WAIT).until(() -> fx.targets.isIn("web1", RECOVERY)
                && fx.targets.states("web1").size() >= 3);
        CatchUpCommand again = fx.targets.latest("web1").command();
        assertEquals("web1-c2", again.id());
        assertEquals(CatchUpMode.FULL, again.mode());
        assertNotEquals(TargetState.READY, view(second, "web1").state());
    }
}

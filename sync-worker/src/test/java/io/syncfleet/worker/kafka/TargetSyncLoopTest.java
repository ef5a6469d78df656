package io.syncfleet.worker.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.RsyncConfig;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.config.DustbinConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.event.OffsetRange;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.worker.domain.DustbinPolicy;
import io.syncfleet.worker.domain.RsyncOutcomeClassifier;
import io.syncfleet.worker.domain.RsyncPlanner;
import io.syncfleet.worker.process.ProcessResult;
import io.syncfleet.worker.process.ProcessRunner;
import io.syncfleet.worker.process.RsyncFailure;
import io.syncfleet.worker.process.SyncRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import io.syncfleet.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loop's commit and retry rules, driven turn by turn on the test thread (which owns the consumer)
 * with Kafka's MockConsumer (partitions assigned by the loop, no subscription), a scripted ProcessRunner
 * and a clock the test moves.
 */
class TargetSyncLoopTest {

    private static final String TOPIC = "t.changes";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);

    /** Records each run and answers with the next scripted exit code (the last one repeats). */
    private static final class ScriptedRsync implements ProcessRunner {
        final List<Integer> exits = Collections.synchronizedList(new ArrayList<>());
        final ConcurrentLinkedQueue<byte[]> stdins = new ConcurrentLinkedQueue<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        /** Runs begun, counted before the gate: the run's start time has been read from the clock. */
        final AtomicInteger begun = new AtomicInteger();

        @Override
        public ProcessResult run(List<String> argv, Path cwd, byte[] stdin, Duration hardTimeout) {
            begun.incrementAndGet();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stdins.add(stdin);
            int exit = exits.size() > 1 ? exits.remove(0) : exits.get(0);
            String stderr = switch (exit) {
                case 10 -> "rsync: [sender] failed to connect to 127.0.0.1 (127.0.0.1): Connection refused (111)\n";
                case 23 -> "rsync: [sender] send_files failed to open \"/src/a\": Permission denied (13)\n";
                case 5 -> "@ERROR: Unknown module 'www2'\n";
                default -> "";
            };
            return new ProcessResult(exit, "", stderr, 3);
        }

        int runs() {
            return stdins.size();
        }
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
    private final ScriptedRsync rsync = new ScriptedRsync();
    private MockConsumer<String, ChangeBatch> consumer;
    private MockProducer<String, SyncReport> producer;
    private MockProducer<String, DustbinEntry> bin;
    private SyncRunner syncs;
    private final List<RsyncFailure> failures = new CopyOnWriteArrayList<>();
    private TargetSyncLoop loop;

    @BeforeEach
    void setUp() {
        RsyncConfig rc = new RsyncConfig("rsync", List.of(), Duration.ofSeconds(5), 4, 1, 1, true);
        SourceConfig source = new SourceConfig(Path.of("/src"), List.of(RelPath.BASE), List.of());
        syncs = new SyncRunner(new RsyncPlanner(rc, source), p -> true, rsync,
                new RsyncOutcomeClassifier("rsync", Path.of("/src")), rc, clock, failures::add);
        producer = new MockProducer<>(true, null, new StringSerializer(), Topics.REPORTS.valueSerde().serializer());
        bin = new MockProducer<>(true, null, new StringSerializer(), Topics.DUSTBIN.valueSerde().serializer());
        rsync.exits.add(0);
        consumer = newConsumer(P0, P1);
        loop = newLoop(consumer);
        loop.open();
    }

    /** A MockConsumer that keeps the timeout of every poll. */
    private static final class TimedConsumer extends MockConsumer<String, ChangeBatch> {
        final List<Duration> timeouts = new CopyOnWriteArrayList<>();

        TimedConsumer() {
            super("earliest");
        }

        @Override
        public synchronized ConsumerRecords<String, ChangeBatch> poll(Duration timeout) {
            timeouts.add(timeout);
            return super.poll(timeout);
        }
    }

    /** A consumer of a topic with the given partitions, all empty from offset 0. */
    private static MockConsumer<String, ChangeBatch> newConsumer(TopicPartition... partitions) {
        MockConsumer<String, ChangeBatch> c = new TimedConsumer();
        c.updatePartitions(TOPIC, Stream.of(partitions).map(TargetSyncLoopTest::info).toList());
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        for (TopicPartition tp : partitions) {
            beginnings.put(tp, 0L);
        }
        c.updateBeginningOffsets(beginnings);
        return c;
    }

    private static PartitionInfo info(TopicPartition tp) {
        return new PartitionInfo(tp.topic(), tp.partition(), null, new Node[0], new Node[0]);
    }

    private TargetSyncLoop newLoop(MockConsumer<String, ChangeBatch> c) {
        return new TargetSyncLoop("web1", TargetUrl.parse("rsync://127.0.0.1:8730/www"), c, TOPIC, syncs,
                new ReportPublisher(producer, "t.reports"), new DustbinPublisher(bin, "t.dustbin",
                        new DustbinPolicy(new DustbinConfig(Duration.ofSeconds(30), 3), clock)), clock,
                Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() {
        rsync.gate.countDown();
        syncs.close();
    }

    private void add(TopicPartition tp, long offset, ChangeKind kind, String... paths) {
        ChangeBatch b = ChangeBatch.of("b" + tp.partition() + "-" + offset, kind,
                Stream.of(paths).map(RelPath::of).toList(), 100 + offset, 200, "w");
        consumer.addRecord(new ConsumerRecord<>(TOPIC, tp.partition(), offset, "k", b));
    }

    private void turnUntil(BooleanSupplier done) {
        await().pollInSameThread().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> {
            loop.turn();
            return done.getAsBoolean();
        });
    }

    private Long committed(TopicPartition tp) {
        OffsetAndMetadata m = consumer.committed(Set.of(tp)).get(tp);
        return m == null ? null : m.offset();
    }

    /** The --files-from list of each rsync run so far, in order. */
    private List<String> pushedLists() {
        return rsync.stdins.stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
    }

    private void setExits(Integer... codes) {
        rsync.exits.clear();
        rsync.exits.addAll(List.of(codes));
    }

    @Test
    void okCommitsExactlyTheConsumedOffsetsAndReports() {
        add(P0, 0, ChangeKind.CHANGE, "b");
        add(P1, 0, ChangeKind.CHANGE, "a");
        add(P0, 1, ChangeKind.HEARTBEAT);

        turnUntil(() -> committed(P0) != null);

        assertEquals(2L, committed(P0));
        assertEquals(1L, committed(P1));
        assertEquals(1, rsync.runs());
        assertArrayEquals("a\0b\0".getBytes(StandardCharsets.US_ASCII), rsync.stdins.peek());
        SyncReport report = producer.history().get(0).value();
        assertEquals(SyncOutcome.OK, report.outcome());
        assertEquals("web1", producer.history().get(0).key());
        assertEquals(Set.of("b0-0", "b1-0", "b0-1"), Set.copyOf(report.batchIds()));
        assertEquals(2, report.fileCount());
        assertEquals(100, report.oldestObservedAtMillis());
        assertEquals(List.of(new OffsetRange(P0.partition(), 0, 2), new OffsetRange(P1.partition(), 0, 1)),
                report.changeRanges(), "the consumed records, for the after-sync hooks");
        assertTrue(consumer.paused().isEmpty(), "resumed after the sync");
        assertEquals(1, loop.status().syncs());
        assertEquals("", loop.status().lastError());
    }

    @Test
    void partitionsStayPausedWhileRsyncRunsAndNewRecordsWaitForTheNextRun() {
        rsync.gate = new CountDownLatch(1);
        add(P0, 0, ChangeKind.CHANGE, "first");
        turnUntil(() -> loop.status().inFlight());

        add(P0, 1, ChangeKind.CHANGE, "second");
        for (int i = 0; i < 5; i++) {
            assertTrue(loop.turn(), "the poll thread goes on while rsync runs");
        }
        assertEquals(Set.of(P0, P1), consumer.paused());
        assertNull(committed(P0));

        rsync.gate.countDown();
        turnUntil(() -> Long.valueOf(2).equals(committed(P0)));
        assertEquals(List.of("first\0", "second\0"), pushedLists());
    }

    /**
     * A real consumer's first poll after a resume returns at once what it fetched just before the pause;
     * the rest of what arrived during the sync comes with the fresh fetch that poll sent, a round trip
     * later. Here it reaches the consumer on the third poll after the resume: later than the non-blocking
     * drain poll, which comes back empty.
     */
    @Test
    void afterASyncTheNextOneTakesWhatTheFreshFetchBringsNotOnlyWhatWasFetchedBeforeThePause() {
        rsync.gate = new CountDownLatch(1);
        add(P0, 0, ChangeKind.CHANGE, "first");
        turnUntil(() -> loop.status().inFlight());
        add(P0, 1, ChangeKind.CHANGE, "fetched-before-the-pause");
        AtomicInteger pollsSinceResume = new AtomicInteger();
        Runnable[] freshFetch = new Runnable[1];
        freshFetch[0] = () -> {
            if (!consumer.paused().isEmpty() || pollsSinceResume.incrementAndGet() < 3) {
                consumer.schedulePollTask(freshFetch[0]);
                return;
            }
            add(P0, 2, ChangeKind.CHANGE, "fetched-after");
        };
        consumer.schedulePollTask(freshFetch[0]);

        rsync.gate.countDown();
        turnUntil(() -> Long.valueOf(3).equals(committed(P0)));

        assertEquals(List.of("first\0", "fetched-after\0fetched-before-the-pause\0"), pushedLists(),
                "one sync for everything that arrived during the first");
    }

    /**
     * On a machine whose cores are all busy, the first poll after a resume can take tens of milliseconds
     * although it only hands out what was fetched before the pause, and the fresh fetch takes longer than
     * 25 ms. After a sync of 2 s the loop's patience is 200 ms: a first poll of 60 ms still counts as the
     * buffered one, and the loop gives the fresh fetch up to 200 ms.
     */
    @Test
    void afterALongSyncASlowFirstPollStillCountsAsBufferedAndTheFreshFetchGetsATenthOfTheSync() {
        rsync.gate = new CountDownLatch(1);
        add(P0, 0, ChangeKind.CHANGE, "first");
        turnUntil(() -> rsync.begun.get() == 1);
        clock.advance(Duration.ofSeconds(2)); // the sync runs 2 s
        add(P0, 1, ChangeKind.CHANGE, "fetched-before-the-pause");
        AtomicInteger pollsSinceResume = new AtomicInteger();
        Runnable[] busy = new Runnable[1];
        busy[0] = () -> {
            if (!consumer.paused().isEmpty()) {
                consumer.schedulePollTask(busy[0]);
                return;
            }
            int n = pollsSinceResume.incrementAndGet();
            if (n == 1) {
                clock.advance(Duration.ofMillis(60)); // the loop's thread waited for a core
            }
            if (n < 3) {
                consumer.schedulePollTask(busy[0]);
                return;
            }
            add(P0, 2, ChangeKind.CHANGE, "fetched-after");
        };
        consumer.schedulePollTask(busy[0]);

        rsync.gate.countDown();
        turnUntil(() -> Long.valueOf(3).equals(committed(P0)));

        assertEquals(List.of("first\0", "fetched-after\0fetched-before-the-pause\0"), pushedLists(),
                "one sync for everything that arrived during the first");
        assertTrue(((TimedConsumer) consumer).timeouts.contains(Duration.ofMillis(200)),
                "the fresh fetch was given a tenth of the 2 s sync: " + ((TimedConsumer) consumer).timeouts);
    }

    @Test
    void patienceIsATenthOfTheSyncWithinItsBounds() {
        assertEquals(TargetSyncLoop.PATIENCE_MIN, TargetSyncLoop.patienceAfter(0));
        assertEquals(TargetSyncLoop.PATIENCE_MIN, TargetSyncLoop.patienceAfter(45));
        assertEquals(TargetSyncLoop.PATIENCE_MIN, TargetSyncLoop.patienceAfter(250));
        assertEquals(Duration.ofMillis(26), TargetSyncLoop.patienceAfter(260));
        assertEquals(Duration.ofMillis(200), TargetSyncLoop.patienceAfter(2_000));
        assertEquals(TargetSyncLoop.PATIENCE_MAX, TargetSyncLoop.patienceAfter(2_500));
        assertEquals(TargetSyncLoop.PATIENCE_MAX, TargetSyncLoop.patienceAfter(600_000));
    }

    @Test
    void oneSyncTakesEveryRecordAlreadyFetchedNotOnlyOnePollsWorth() {
        consumer.setMaxPollRecords(2);
        for (int i = 0; i < 7; i++) {
            add(P0, i, ChangeKind.CHANGE, "p" + i);
        }

        turnUntil(() -> Long.valueOf(7).equals(committed(P0)));

        assertEquals(1, rsync.runs(), "a poll gives 2 records; the loop polls again before it launches");
        assertArrayEquals("p0\0p1\0p2\0p3\0p4\0p5\0p6\0".getBytes(StandardCharsets.US_ASCII), rsync.stdins.peek());
    }

    @Test
    void aDownTargetKeepsItsOffsetAndGetsTheSameWorkAfterTheBackoff() {
        setExits(10, 10, 0);
        add(P0, 0, ChangeKind.CHANGE, "x/1", "x/2");

        turnUntil(() -> rsync.runs() == 1 && !loop.status().inFlight());
        assertNull(committed(P0));
        assertTrue(loop.status().lastError().contains("connection refused, exit 10"), loop.status().lastError());
        assertEquals(SyncOutcome.TARGET_DOWN, producer.history().get(0).value().outcome());
        assertNull(producer.history().get(0).value().commandId(), "a live sync's report: the keeper's SyncDown");

        for (int i = 0; i < 5; i++) {
            loop.turn();
        }
        assertEquals(1, rsync.runs(), "no retry before the 1s backoff");

        clock.advance(Duration.ofSeconds(1));
        turnUntil(() -> rsync.runs() == 2 && !loop.status().inFlight());
        assertNull(committed(P0));

        clock.advance(Duration.ofMillis(1999));
        for (int i = 0; i < 5; i++) {
            loop.turn();
        }
        assertEquals(2, rsync.runs(), "the second backoff is 2s");
        clock.advance(Duration.ofMillis(1));
        turnUntil(() -> committed(P0) != null);

        assertEquals(1L, committed(P0));
        List<byte[]> all = new ArrayList<>(rsync.stdins);
        assertEquals(3, all.size());
        for (byte[] stdin : all) {
            assertArrayEquals("x/1\0x/2\0".getBytes(StandardCharsets.US_ASCII), stdin);
        }
        assertEquals("", loop.status().lastError());
    }

    @Test
    void aPartialSyncStoresItsFailedPathsInTheDustbinThenCommitsAndMovesOn() {
        setExits(23, 0); // the scripted stderr names "/src/a"
        add(P1, 0, ChangeKind.CHANGE, "a", "ok");

        turnUntil(() -> committed(P1) != null);

        assertEquals(1, rsync.runs());
        assertEquals(1L, committed(P1));
        assertEquals(1, bin.history().size());
        DustbinEntry e = bin.history().get(0).value();
        assertEquals("web1", bin.history().get(0).key());
        assertEquals(List.of(RelPath.of("a")), e.paths());
        assertEquals(List.of("b1-0"), e.batchIds());
        assertEquals(DustbinState.WAITING, e.state());
        assertEquals(clock.millis() + 30_000, e.notBeforeMillis());
        assertEquals(SyncOutcome.PARTIAL, producer.history().get(0).value().outcome());
        assertEquals(1, failures.size(), "the failed run is in the rsync error log");
        assertEquals(List.of("a"), failures.get(0).paths());
        assertEquals(23, failures.get(0).exitCode());

        add(P1, 1, ChangeKind.CHANGE, "next");
        turnUntil(() -> Long.valueOf(2L).equals(committed(P1)));
        assertEquals(2, rsync.runs());
        assertEquals(1, bin.history().size());
    }

    @Test
    void aPartialSyncWhoseFailedPathsCannotBeStoredKeepsItsOffsets() {
        bin.sendException = new KafkaException("broker gone");
        setExits(23, 23);
        add(P1, 0, ChangeKind.CHANGE, "a");

        turnUntil(() -> rsync.runs() == 1 && !loop.status().inFlight());
        assertNull(committed(P1));
        bin.sendException = null;
        clock.advance(Duration.ofSeconds(2));
        turnUntil(() -> committed(P1) != null);
        assertEquals(2, rsync.runs());
        assertEquals(1, bin.history().size());
        assertEquals(List.of(RelPath.of("a")), bin.history().get(0).value().paths());
    }

    @Test
    void aConfigErrorIsRetriedEveryThirtySecondsWithoutCommitting() {
        setExits(5, 0);
        add(P0, 0, ChangeKind.CHANGE, "a");
        turnUntil(() -> rsync.runs() == 1 && !loop.status().inFlight());
        assertTrue(loop.status().lastError().contains("module not found on target"));

        clock.advance(Duration.ofSeconds(29));
        for (int i = 0; i < 5; i++) {
            loop.turn();
        }
        assertEquals(1, rsync.runs());
        clock.advance(Duration.ofSeconds(1));
        turnUntil(() -> committed(P0) != null);
        assertEquals(2, rsync.runs());
    }

    @Test
    void heartbeatsAreCommittedWithoutRunningRsync() {
        add(P0, 0, ChangeKind.HEARTBEAT);
        add(P1, 0, ChangeKind.HEARTBEAT);
        turnUntil(() -> committed(P0) != null && committed(P1) != null);

        assertEquals(0, rsync.runs());
        assertTrue(producer.history().isEmpty(), "nothing ran, nothing to report");
    }

    @Test
    void aRescanRunsAFullSync() {
        add(P0, 0, ChangeKind.RESCAN, ".");
        turnUntil(() -> committed(P0) != null);

        assertEquals(0, rsync.stdins.peek().length, "a full sync of the base lists nothing on stdin");
        assertEquals(ChangeKind.RESCAN, producer.history().get(0).value().kind());
    }

    @Test
    void theLoopTakesEveryPartitionWithoutJoiningAGroupAndStartsFromTheCommittedOffsets() {
        // MockConsumer forgets its commits on assign(); the broker does not: P0 was committed at 2 by an earlier loop
        consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions,
                                                                               Duration timeout) {
                return partitions.contains(P0) ? Map.of(P0, new OffsetAndMetadata(2)) : Map.of();
            }
        };
        consumer.updatePartitions(TOPIC, List.of(info(P0), info(P1)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        loop = newLoop(consumer);

        loop.open();

        assertEquals(Set.of(), consumer.subscription(), "no subscription: no group membership, no rebalance");
        assertEquals(Set.of(P0, P1), consumer.assignment());
        assertEquals(2, consumer.position(P0));
        assertEquals(0, consumer.position(P1));
        add(P0, 0, ChangeKind.CHANGE, "synced-before");
        add(P0, 1, ChangeKind.CHANGE, "synced-before-too");
        add(P0, 2, ChangeKind.CHANGE, "a");
        add(P1, 0, ChangeKind.CHANGE, "b");
        turnUntil(() -> Long.valueOf(3).equals(committed(P0)) && Long.valueOf(1).equals(committed(P1)));

        assertEquals(1, rsync.runs());
        assertArrayEquals("a\0b\0".getBytes(StandardCharsets.US_ASCII), rsync.stdins.peek(),
                "from the committed offset on P0, from the earliest offset on P1 (nothing committed)");
    }

    @Test
    void aPartitionAddedToTheTopicIsTakenAtTheNextCheckAndSynced() {
        consumer.updatePartitions(TOPIC, List.of(info(P0), info(P1), info(P2)));
        consumer.updateBeginningOffsets(Map.of(P2, 0L));
        for (int i = 0; i < 3; i++) {
            loop.turn();
        }
        assertEquals(Set.of(P0, P1), consumer.assignment(), "checked once a minute");

        clock.advance(Duration.ofMinutes(1));
        loop.turn();
        assertEquals(Set.of(P0, P1, P2), consumer.assignment());
        add(P2, 0, ChangeKind.CHANGE, "c");
        turnUntil(() -> committed(P2) != null);
        assertEquals(1L, committed(P2));
        assertArrayEquals("c\0".getBytes(StandardCharsets.US_ASCII), rsync.stdins.peek());
    }

    @Test
    void openFailsWhileTheTopicIsUnknown() {
        MockConsumer<String, ChangeBatch> unknown = new MockConsumer<>("earliest");
        TargetSyncLoop l = newLoop(unknown);
        KafkaException e = assertThrows(KafkaException.class, l::open);
        assertTrue(e.getMessage().contains(TOPIC), e.getMessage());
        assertEquals(Set.of(), unknown.assignment());
    }

    private SyncReport lastReport() {
        return producer.history().get(producer.history().size() - 1).value();
    }

    @Test
    void aReplayReportsItsCommandOnceTheEndOffsetsAreCommittedAndGoesOnAsALiveLoop() {
        ReplayGoal goal = new ReplayGoal("web1-c2", Map.of(P0, 2L, P1, 1L), 50);
        loop.replayTo(goal);
        add(P0, 0, ChangeKind.CHANGE, "a");
        add(P0, 1, ChangeKind.CHANGE, "b");
        add(P1, 0, ChangeKind.CHANGE, "c");

        turnUntil(() -> goal.done().isDone());

        assertEquals(2L, committed(P0));
        assertEquals(1L, committed(P1));
        ReplayGoal.Result result = goal.done().join();
        assertTrue(result.ok(), result::toString);
        assertEquals(3, result.records());
        SyncReport report = lastReport();
        assertEquals("web1-c2", report.commandId());
        assertEquals(SyncOutcome.OK, report.outcome());
        assertEquals(ChangeKind.CHANGE, report.kind());
        assertEquals("replayed 3 records", report.message());
        assertEquals(50, report.startedAtMillis());
        assertNull(producer.history().get(0).value().commandId(), "the syncs themselves are live reports");
        assertFalse(loop.replaying());

        add(P0, 2, ChangeKind.CHANGE, "d");
        turnUntil(() -> Long.valueOf(3).equals(committed(P0)));
        assertNull(lastReport().commandId());
    }

    @Test
    void aReplayWithNothingToReplayReportsAtOnce() {
        ReplayGoal goal = new ReplayGoal("web1-c4", Map.of(P0, 0L, P1, 0L), 50);
        loop.replayTo(goal);
        // a real poll would wait up to a second for records that never come: the report must not wait for it
        consumer.schedulePollTask(() -> assertTrue(goal.done().isDone(), "reported before the first poll"));
        loop.turn();

        assertEquals("replayed 0 records", lastReport().message());
        assertEquals("web1-c4", lastReport().commandId());
        assertEquals(0, rsync.runs());
    }

    @Test
    void aTargetDownDuringAReplayIsReportedWithTheCommandAndStopsTheLoop() {
        setExits(10);
        ReplayGoal goal = new ReplayGoal("web1-c2", Map.of(P0, 1L, P1, 0L), 50);
        loop.replayTo(goal);
        add(P0, 0, ChangeKind.CHANGE, "a");

        List<Boolean> turns = new ArrayList<>();
        await().pollInSameThread().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> {
            turns.add(loop.turn());
            return goal.done().isDone();
        });

        assertEquals(Boolean.FALSE, turns.get(turns.size() - 1), "the turn that ends the replay stops the loop");
        assertEquals(SyncOutcome.TARGET_DOWN, goal.done().join().outcome());
        assertEquals(1, producer.history().size(), "one report for the one rsync run");
        SyncReport report = lastReport();
        assertEquals("web1-c2", report.commandId());
        assertEquals(SyncOutcome.TARGET_DOWN, report.outcome());
        assertEquals(10, report.exitCode());
        assertNull(committed(P0), "offsets kept");
    }

    @Test
    void aDetachedReplayLeavesALiveLoopThatRetriesADownTarget() {
        setExits(10, 0);
        ReplayGoal goal = new ReplayGoal("web1-c2", Map.of(P0, 1L, P1, 0L), 50);
        loop.replayTo(goal);
        loop.detachReplay();
        add(P0, 0, ChangeKind.CHANGE, "a");

        turnUntil(() -> rsync.runs() == 1 && !loop.status().inFlight());
        assertTrue(loop.turn(), "still running");
        assertNull(lastReport().commandId());
        clock.advance(Duration.ofSeconds(1));
        turnUntil(() -> committed(P0) != null);
        assertFalse(goal.done().isDone(), "a detached goal is never reported");
    }

    @Test
    void haltCommitsNothingMoreEvenWhenTheInFlightSyncSucceeds() {
        rsync.gate = new CountDownLatch(1);
        add(P0, 0, ChangeKind.CHANGE, "a");
        turnUntil(() -> loop.status().inFlight());

        loop.halt();
        rsync.gate.countDown();

        assertFalse(loop.turn(), "a halted loop stops at its next turn");
        assertNull(committed(P0), "the work is redone by the target's next loop");
        assertTrue(producer.history().isEmpty(), "and not reported");
    }

    @Test
    void stopLetsTheInFlightSyncFinishAndCommit() {
        rsync.gate = new CountDownLatch(1);
        add(P0, 0, ChangeKind.CHANGE, "a");
        turnUntil(() -> loop.status().inFlight());

        loop.stop();
        rsync.gate.countDown();
        turnUntil(() -> committed(P0) != null);
        assertFalse(loop.status().inFlight());
    }
}

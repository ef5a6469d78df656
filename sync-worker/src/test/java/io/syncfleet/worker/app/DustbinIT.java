package io.syncfleet.worker.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.DustbinConfig;
import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.UnwritableDir;
import io.syncfleet.worker.domain.DustbinPolicy;
import io.syncfleet.worker.process.LocalProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file a real rsync daemon cannot write (its directory is made unwritable on the target) goes to the
 * dustbin while the target moves on; the dustbin retries it, and it arrives once the directory is fixed, or
 * is parked after {@code dustbin.maxAttempts}.
 */
class DustbinIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private WorkerFixture fx;

    @AfterEach
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    private RsyncDaemon startWithOneTarget(DustbinConfig dustbin) {
        fx = new WorkerFixture(dir, 2, dustbin);
        RsyncDaemon d = fx.startDaemons(1)[0];
        fx.startWorker("w1", new LocalProcessRunner());
        fx.setStatus("web0", d.url(), TargetState.READY, null);
        return d;
    }

    private List<SyncReport> awaitReport(String what, java.util.function.Predicate<SyncReport> p) {
        return await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> fx.reports().stream().filter(p).toList(), l -> !l.isEmpty());
    }

    private static void awaitFile(Path file, String text) {
        await(file + " holds [" + text + "]").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.isRegularFile(file) && Files.readString(file).equals(text));
    }

    @Test
    void aFileTheTargetRefusesIsDustbinnedRetriedAndArrivesAfterTheFix() throws Exception {
        RsyncDaemon d = startWithOneTarget(new DustbinConfig(Duration.ofMillis(200), 1000));
        fx.write("ro/page.html", "<p>ro</p>");
        fx.write("ok/page.html", "<p>ok</p>");
        try (UnwritableDir locked = UnwritableDir.lock(d.root().resolve("ro"))) {
            fx.publish(ChangeKind.CHANGE, "ro/page.html", "ok/page.html");

            awaitFile(d.root().resolve("ok/page.html"), "<p>ok</p>");
            SyncReport live = awaitReport("the live partial sync", r -> r.outcome() == SyncOutcome.PARTIAL
                    && r.dustbin() == null).get(0);
            assertFalse(live.batchIds().isEmpty());
            awaitReport("a failed dustbin retry", r -> r.dustbin() == DustbinState.WAITING
                    && r.outcome() == SyncOutcome.PARTIAL);

            // the target moved on: a later change arrives while the refused file still fails
            fx.write("ok/next.html", "next");
            fx.publish(ChangeKind.CHANGE, "ok/next.html");
            awaitFile(d.root().resolve("ok/next.html"), "next");
            assertFalse(Files.exists(d.root().resolve("ro/page.html")));
        }

        awaitFile(d.root().resolve("ro/page.html"), "<p>ro</p>");
        SyncReport done = awaitReport("the successful retry", r -> r.dustbin() == DustbinState.DONE).get(0);
        assertEquals(SyncOutcome.OK, done.outcome());
        assertTrue(done.batchIds().containsAll(fx.reports().stream()
                .filter(r -> r.outcome() == SyncOutcome.PARTIAL && r.dustbin() == null).findFirst().orElseThrow()
                .batchIds()), "the DONE report names the batch the file came from");
    }

    @Test
    void withoutAFixTheEntryIsParkedAfterMaxAttemptsAndEveryFailureIsInTheRsyncErrorLog() throws Exception {
        RsyncDaemon d = startWithOneTarget(new DustbinConfig(Duration.ofMillis(100), 3));
        fx.write("ro/page.html", "<p>ro</p>");
        try (UnwritableDir locked = UnwritableDir.lock(d.root().resolve("ro"))) {
            fx.publish(ChangeKind.CHANGE, "ro/page.html");

            SyncReport parked = awaitReport("the parked entry", SyncReport::parksDustbinEntry).get(0);
            assertEquals("web0", parked.targetId());
            assertTrue(parked.message().contains("parked after 3 failed retries"), parked.message());

            List<DustbinEntry> chain = dustbinRecords();
            DustbinEntry last = chain.get(chain.size() - 1);
            assertEquals(DustbinState.PARKED, last.state());
            assertEquals(3, last.attempts());
            assertEquals(List.of(RelPath.of("ro/page.html")), last.paths());
            assertEquals(List.of(0, 1, 2, 3), chain.stream().map(DustbinEntry::attempts).toList(),
                    "one record per retry: the new entry, two rescheduled retries, the parked one");
            assertFalse(Files.exists(d.root().resolve("ro/page.html")));
        }
        try (var files = Files.list(dir.resolve("logs"))) {
            Path log = files.filter(p -> p.getFileName().toString().matches("rsync-errors-\\d{4}-\\d{2}-\\d{2}\\.log"))
                    .findFirst().orElseThrow(() -> new AssertionError("no rsync error log in " + dir.resolve("logs")));
            String text = Files.readString(log);
            assertTrue(text.contains("target [web0] exit 23 PARTIAL push of 1 path(s)"), text);
            assertTrue(text.contains("  path ro/page.html\n"), text);
            assertTrue(text.contains("  stderr rsync: [receiver] mkstemp"), text);
        }
    }

    @Test
    void aCatchUpFullSyncThatCannotWriteOneFileStoresItInTheDustbinAndTheTargetGoesOn() throws Exception {
        fx = new WorkerFixture(dir, 2, new DustbinConfig(Duration.ofMillis(200), 1000));
        RsyncDaemon d = fx.startDaemons(1)[0];
        fx.write("ro/page.html", "<p>ro</p>");
        fx.write("ok/page.html", "<p>ok</p>");
        fx.startWorker("w1", new LocalProcessRunner());
        try (UnwritableDir locked = UnwritableDir.lock(d.root().resolve("ro"))) {
            fx.setStatus("web0", d.url(), TargetState.RECOVERY,
                    new CatchUpCommand("web0-c1", CatchUpMode.FULL, System.currentTimeMillis()));
            SyncReport done = fx.awaitReport("web0-c1");
            assertEquals(SyncOutcome.PARTIAL, done.outcome(), done::toString);
            assertTrue(Files.isRegularFile(d.root().resolve("ok/page.html")));
            awaitReport("a failed dustbin retry of the catch-up's path", r -> r.dustbin() == DustbinState.WAITING);
        }
        awaitFile(d.root().resolve("ro/page.html"), "<p>ro</p>");
        // the full sync also failed to set the times of the immutable "ro" itself: both are in the entry
        assertTrue(dustbinRecords().get(0).paths().contains(RelPath.of("ro/page.html")));
    }

    @Test
    void anEntryOfATargetThatIsDownIsKeptWhileTheTargetIsInTheFleetAndDroppedOnceItWasRemoved() throws Exception {
        RsyncDaemon d = startWithOneTarget(new DustbinConfig(Duration.ofMillis(200), 1000));
        fx.write("ro/page.html", "<p>ro</p>");
        try (UnwritableDir locked = UnwritableDir.lock(d.root().resolve("ro"))) {
            fx.publish(ChangeKind.CHANGE, "ro/page.html");
            awaitReport("the live partial sync", r -> r.outcome() == SyncOutcome.PARTIAL && r.dustbin() == null);
        }
        d.kill();
        SyncReport kept = awaitReport("a retry that finds the target down", r -> r.dustbin() == DustbinState.WAITING
                && r.outcome() == SyncOutcome.TARGET_DOWN).get(0);
        assertTrue(kept.message().contains("not counted: target down"), kept.message());

        fx.remove("web0");
        SyncReport dropped = awaitReport("the entry dropped", r -> r.dustbin() == DustbinState.DROPPED).get(0);
        assertTrue(dropped.message().contains("was removed from the fleet"), dropped.message());
        DustbinEntry last = await("the DROPPED record").atMost(WAIT).until(() -> {
            List<DustbinEntry> all = dustbinRecords();
            return all.get(all.size() - 1);
        }, e -> e.state() == DustbinState.DROPPED);
        assertEquals(List.of(RelPath.of("ro/page.html")), last.paths());
        assertEquals(DustbinPolicy.TARGET_GONE, last.lastError());
        assertEquals(0, last.attempts(), "retries that found the target down never counted");
    }

    /** Every record of the dustbin topic, in order (one target: one partition). */
    private List<DustbinEntry> dustbinRecords() {
        List<DustbinEntry> out = new ArrayList<>();
        try (KafkaConsumer<String, DustbinEntry> c = new KafkaConsumer<>(fx.clients.consumer("it-dustbin", null),
                Topics.DUSTBIN.keySerde().deserializer(), Topics.DUSTBIN.valueSerde().deserializer())) {
            String topic = fx.topics.name(Topics.DUSTBIN);
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < fx.topics.partitions(Topics.DUSTBIN); p++) {
                parts.add(new TopicPartition(topic, p));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long end = c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            while (read < end) {
                for (ConsumerRecord<String, DustbinEntry> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                    read++;
                }
            }
        }
        return out;
    }
}

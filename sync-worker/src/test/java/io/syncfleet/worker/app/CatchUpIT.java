package io.syncfleet.worker.app;

import static io.syncfleet.worker.app.WorkerFixture.CONVERGE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.testkit.TreeAssert;
import io.syncfleet.worker.process.LocalProcessRunner;
import io.syncfleet.worker.process.ProcessResult;
import io.syncfleet.worker.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catch-up commands as the health keeper sends them (published by hand here): a target kept out of READY
 * while files change, then RECOVERY with a REPLAY or FULL command. The worker runs it, reports it with the
 * command's id, and the target ends up equal to the source with nothing lost.
 */
class CatchUpIT {

    private static final String ID = "web0";

    @TempDir
    Path dir;

    private WorkerFixture fx;
    private RsyncDaemon daemon;
    private final HeldFullSyncs runner = new HeldFullSyncs(new LocalProcessRunner());
    private SyncWorker worker;

    /**
     * Runs programs with a real runner; once armed, a full sync (an rsync with {@code --delete}) is held
     * after rsync exits and before its result is returned, so a test can change files "during" it.
     */
    private static final class HeldFullSyncs implements ProcessRunner {
        private final ProcessRunner real;
        private volatile boolean armed;
        final CountDownLatch ran = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HeldFullSyncs(ProcessRunner real) {
            this.real = real;
        }

        @Override
        public ProcessResult run(List<String> argv, Path cwd, byte[] stdin, Duration hardTimeout) {
            ProcessResult r = real.run(argv, cwd, stdin, hardTimeout);
            if (armed && argv.contains("--delete")) {
                ran.countDown();
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return r;
        }
    }

    @BeforeEach
    void setUp() {
        fx = new WorkerFixture(dir, 2);
        daemon = RsyncDaemon.start(dir.resolve("daemon"));
        fx.write("site/index.html", "v1");
        fx.write("site/a.txt", "a");
        fx.write("site/b.txt", "b");
        worker = fx.startWorker("w1", runner);
        set(TargetState.READY, null);
        fx.publish(ChangeKind.RESCAN, ".");
        fx.awaitSame(daemon.root());
    }

    @AfterEach
    void tearDown() {
        runner.release.countDown();
        fx.close();
        daemon.close();
    }

    private void set(TargetState state, CatchUpCommand command) {
        fx.setStatus(ID, daemon.url(), state, command);
    }

    private TargetSyncStatus status() {
        return WorkerFixture.statusOf(worker, ID)
                .orElseThrow(() -> new AssertionError("not owned: " + worker.status()));
    }

    /** DEAD, and its loop stopped: from here on the target gets nothing until a catch-up. */
    private void dead() {
        set(TargetState.DEAD, null);
        await().atMost(CONVERGE).until(() -> status().state().equals("DEAD") && status().syncs() == 0);
    }

    private static CatchUpCommand command(String id, CatchUpMode mode, long replayFromMillis) {
        return new CatchUpCommand(id, mode, System.currentTimeMillis(), replayFromMillis);
    }

    @Test
    void aReplayCatchesUpWhatChangedWhileTheTargetWasDeadAndReportsTheCommand() {
        dead();
        fx.write("site/index.html", "v2 while dead");
        fx.write("site/new/n.txt", "new");
        TestTrees.deleteTree(fx.src.resolve("site/a.txt"));
        int records = fx.publish(ChangeKind.CHANGE, "site/index.html");
        records += fx.publish(ChangeKind.CHANGE, "site/new", "site/new/n.txt", "site/a.txt");
        assertFalse(TreeAssert.sameTree(fx.src, daemon.root(), WorkerFixture.EXCLUDES), "a DEAD target gets nothing");

        set(TargetState.RECOVERY, command("web0-c2", CatchUpMode.REPLAY, -1));
        SyncReport report = fx.awaitReport("web0-c2");

        assertEquals(SyncOutcome.OK, report.outcome(), report::toString);
        assertEquals(ChangeKind.CHANGE, report.kind());
        assertEquals("replayed " + records + " records", report.message());
        TreeAssert.assertSameTree(fx.src, daemon.root(), WorkerFixture.EXCLUDES);

        set(TargetState.READY, null);
        fx.write("site/after.txt", "after READY");
        fx.publish(ChangeKind.CHANGE, "site/after.txt");
        fx.awaitSame(daemon.root());
        assertEquals("", status().catchUp());
    }

    @Test
    void aReplayAgainstADownTargetIsReportedWithTheCommandAndASecondCommandRuns() {
        dead();
        fx.write("site/index.html", "v2 while dead");
        fx.publish(ChangeKind.CHANGE, "site/index.html");
        daemon.kill();

        set(TargetState.RECOVERY, command("web0-c2", CatchUpMode.REPLAY, -1));
        SyncReport failed = fx.awaitReport("web0-c2");
        assertEquals(SyncOutcome.TARGET_DOWN, failed.outcome(), failed::toString);
        assertTrue(failed.message().contains("connection refused"), failed.message());

        daemon.restart();
        set(TargetState.RECOVERY, command("web0-c3", CatchUpMode.REPLAY, -1));
        assertEquals(SyncOutcome.OK, fx.awaitReport("web0-c3").outcome());
        TreeAssert.assertSameTree(fx.src, daemon.root(), WorkerFixture.EXCLUDES);
    }

    @Test
    void aFullSyncCatchesUpEvenUnannouncedChangesAndWhatChangesDuringItFollowsWhenReady() throws Exception {
        dead();
        fx.write("site/index.html", "v2 while dead");
        fx.publish(ChangeKind.CHANGE, "site/index.html");
        fx.write("site/unannounced.txt", "no event was published for this file");
        TestTrees.deleteTree(fx.src.resolve("site/b.txt"));

        runner.armed = true;
        set(TargetState.RECOVERY, command("web0-c3", CatchUpMode.FULL, -1));
        assertTrue(runner.ran.await(90, TimeUnit.SECONDS), "the full sync ran");
        assertEquals("full web0-c3", status().catchUp());
        // changed after rsync read the tree, published after the end offsets were captured
        fx.write("site/index.html", "v3 during the full sync");
        fx.publish(ChangeKind.CHANGE, "site/index.html");
        runner.release.countDown();

        SyncReport report = fx.awaitReport("web0-c3");
        assertEquals(SyncOutcome.OK, report.outcome(), report::toString);
        assertEquals(ChangeKind.RESCAN, report.kind());
        Path index = daemon.root().resolve("site/index.html");
        assertEquals("v2 while dead", Files.readString(index), "no loop runs before READY");
        assertTrue(Files.exists(daemon.root().resolve("site/unannounced.txt")));
        assertFalse(Files.exists(daemon.root().resolve("site/b.txt")));

        set(TargetState.READY, null);
        fx.awaitSame(daemon.root());
        assertEquals("v3 during the full sync", Files.readString(index));
    }

    @Test
    void aReplayFromATimeRestoresWhatChangedSinceThenOnATargetRestoredFromBackup() {
        // explicit record timestamps: the setUp's RESCAN lies surely before "since", and so does old.txt
        long since = System.currentTimeMillis() + 1_000;
        long before = since - 60_000;
        fx.write("site/old.txt", "changed before the backup");
        fx.publish(before, ChangeKind.CHANGE, List.of(RelPath.of("site/old.txt")));
        fx.awaitSame(daemon.root());

        fx.write("site/recent.txt", "changed after the backup");
        fx.write("site/a.txt", "a, changed after the backup");
        int records = fx.publish(since + 1, ChangeKind.CHANGE,
                List.of(RelPath.of("site/recent.txt"), RelPath.of("site/a.txt")));
        fx.awaitSame(daemon.root());

        // the host lost everything (restored from an empty backup) while READY: the operator replays since then
        TestTrees.deleteTree(daemon.root());
        TestTrees.mkdirs(daemon.root());
        set(TargetState.RECOVERY, command("web0-c2", CatchUpMode.REPLAY, since));

        SyncReport report = fx.awaitReport("web0-c2");
        assertEquals(SyncOutcome.OK, report.outcome(), report::toString);
        assertEquals("replayed " + records + " records", report.message());
        assertEquals("changed after the backup", readTarget("site/recent.txt"));
        assertEquals("a, changed after the backup", readTarget("site/a.txt"));
        assertFalse(Files.exists(daemon.root().resolve("site/old.txt")), "changed before the time: not replayed");
        assertFalse(Files.exists(daemon.root().resolve("site/b.txt")), "from the first RESCAN: not replayed");
    }

    private String readTarget(String rel) {
        try {
            return Files.readString(daemon.root().resolve(rel));
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read " + rel + " on the target", e);
        }
    }
}

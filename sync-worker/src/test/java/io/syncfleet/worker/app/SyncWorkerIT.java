package io.syncfleet.worker.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.testkit.TreeAssert;
import io.syncfleet.worker.process.LocalProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker against the embedded broker and three real rsync daemons. Change batches are published by
 * hand, as the watcher would (one batch per partition of the paths it holds), and every target is
 * compared with the source byte for byte.
 */
class SyncWorkerIT {

    private static final int PARTITIONS = 3;
    private static final List<String> EXCLUDES = WorkerFixture.EXCLUDES;
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private WorkerFixture fx;
    private Path src;
    private RsyncDaemon[] daemons;

    @BeforeEach
    void setUp() {
        fx = new WorkerFixture(dir, PARTITIONS);
        src = fx.src;
        daemons = fx.startDaemons(3);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private SyncWorker startWorker(String id) {
        return fx.startWorker(id, new LocalProcessRunner());
    }

    /** Starts worker {@code id}, makes every target READY and waits until a RESCAN of the root reached them all. */
    private SyncWorker startSynced(String id) {
        SyncWorker worker = startWorker(id);
        allReady();
        publish(ChangeKind.RESCAN, ".");
        awaitAllConverged();
        return worker;
    }

    private static String targetId(int i) {
        return "web" + i;
    }

    private void setState(int i, TargetState state) {
        fx.setStatus(targetId(i), daemons[i].url(), state, null);
    }

    private void allReady() {
        for (int i = 0; i < daemons.length; i++) {
            setState(i, TargetState.READY);
        }
    }

    /** Publishes like the watcher: the paths split by partition, one batch per partition, same batch id. */
    private void publish(ChangeKind kind, List<RelPath> paths) {
        fx.publish(null, kind, paths);
    }

    private void publish(ChangeKind kind, String... paths) {
        fx.publish(kind, paths);
    }

    private void awaitConverged(int... targetIndexes) {
        for (int i : targetIndexes) {
            fx.awaitSame(daemons[i].root(), CONVERGE);
        }
    }

    private void awaitAllConverged() {
        awaitConverged(0, 1, 2);
    }

    private Path write(String rel, String text) {
        return fx.write(rel, text);
    }

    private TargetSyncStatus statusOf(SyncWorker w, int i) {
        return WorkerFixture.statusOf(w, targetId(i))
                .orElseThrow(() -> new AssertionError("no status for " + targetId(i) + " in " + w.status()));
    }

    @Test
    void everyTargetFollowsCreatesRewritesDeletesAndRescans() throws Exception {
        write("site/index.html", "<h1>hello</h1>");
        write("site/css/main.css", "body{}");
        write("junk.tmp", "never sent");
        SyncWorker worker = startSynced("w1");
        for (RsyncDaemon d : daemons) {
            assertFalse(Files.exists(d.root().resolve("junk.tmp")), "excluded");
        }

        // mkdir -p with files in it, and a modification
        write("site/a/b/c/f.txt", "deep");
        write("site/index.html", "<h1>hello, world</h1>");
        publish(ChangeKind.CHANGE, "site/a", "site/a/b", "site/a/b/c", "site/a/b/c/f.txt", "site/index.html");
        awaitAllConverged();

        // a rewrite of the same size with the same mtime: only -I gets it across
        Path same = write("site/same.txt", "aaaa");
        FileTime mtime = Files.getLastModifiedTime(same);
        publish(ChangeKind.CHANGE, "site/same.txt");
        awaitAllConverged();
        Files.writeString(same, "bbbb");
        Files.setLastModifiedTime(same, mtime);
        publish(ChangeKind.CHANGE, "site/same.txt");
        awaitAllConverged();
        assertEquals("bbbb", Files.readString(daemons[2].root().resolve("site/same.txt")));

        // odd names, a symlink and a permission-only change
        byte[] nonUtf8 = TestTrees.nonUtf8Name("caf");
        RelPath oddName = RelPath.of("site").resolve(nonUtf8);
        TestTrees.write(TestTrees.resolve(src, oddName), "raw bytes");
        write("site/-dash", "leading dash");
        write("site/new\nline and space", "newline");
        TestTrees.symlink(src.resolve("site/link"), "index.html");
        TestTrees.chmod(src.resolve("site/css/main.css"), "rw-------");
        publish(ChangeKind.CHANGE, List.of(oddName, RelPath.of("site/-dash"), RelPath.of("site/new\nline and space"),
                RelPath.of("site/link"), RelPath.of("site/css/main.css")));
        awaitAllConverged();

        // a whole subtree deleted: every path of it is announced, only the top is listed
        TestTrees.deleteTree(src.resolve("site/a"));
        publish(ChangeKind.CHANGE, "site/a/b/c/f.txt", "site/a/b/c", "site/a/b", "site/a");
        awaitAllConverged();

        // only a deep path announced while its parents are gone too (rsync exits 24 on this)
        write("site/gone/x/y/z", "z");
        publish(ChangeKind.CHANGE, "site/gone", "site/gone/x", "site/gone/x/y", "site/gone/x/y/z");
        awaitAllConverged();
        TestTrees.deleteTree(src.resolve("site/gone"));
        publish(ChangeKind.CHANGE, "site/gone/x/y/z");
        awaitAllConverged();

        // changes nobody announced, then a RESCAN of the root: a full sync with delete
        Files.delete(src.resolve("site/-dash"));
        write("site/unannounced/u.txt", "u");
        write("site/index.html", "<h1>rescanned</h1>");
        publish(ChangeKind.RESCAN, "site");
        awaitAllConverged();

        await().atMost(CONVERGE).untilAsserted(() -> {
            List<TargetSyncStatus> all = worker.status();
            assertEquals(3, all.size(), all::toString);
            for (TargetSyncStatus s : all) {
                assertEquals("READY", s.state());
                assertEquals(0, s.lag(), s::toString);
                assertEquals("", s.lastError(), s::toString);
                assertTrue(s.syncs() >= 9, s::toString);
                assertTrue(s.lastSyncMillis() > 0, s::toString);
                assertFalse(s.inFlight(), s::toString);
            }
        });
    }

    /**
     * What a watcher that was down cannot name: entries created, synced and deleted again while no watcher saw the
     * deletion. Their directory is reported (its mtime changed), and its entries are reconciled.
     */
    @Test
    void aReportedDirectoryLosesTheEntriesTheSourceNoLongerHasButKeepsExcludedOnes() throws Exception {
        write("site/d/keep.html", "keep");
        write("site/other/o.html", "o");
        startSynced("w1");
        for (RsyncDaemon d : daemons) {
            TestTrees.write(d.root(), "site/d/ghost.html", "created and deleted while no watcher ran");
            TestTrees.write(d.root(), "site/d/ghostdir/deep/x.html", "a whole subtree of them");
            TestTrees.write(d.root(), "site/d/partial.tmp", "excluded: never deleted");
            TestTrees.write(d.root(), "site/other/untouched.html", "not in a reported directory");
        }
        write("site/d/new.html", "new");
        publish(ChangeKind.CHANGE, "site/d");

        for (RsyncDaemon d : daemons) {
            Path t = d.root().resolve("site");
            await().atMost(CONVERGE).until(() -> !Files.exists(t.resolve("d/ghost.html"))
                    && !Files.exists(t.resolve("d/ghostdir")) && Files.isRegularFile(t.resolve("d/new.html")));
            assertTrue(Files.isRegularFile(t.resolve("d/keep.html")));
            assertTrue(Files.isRegularFile(t.resolve("d/partial.tmp")), "excluded entries are kept");
            assertTrue(Files.isRegularFile(t.resolve("other/untouched.html")), "only the reported directory");
        }
    }

    @Test
    void aKilledTargetHoldsNobodyBackAndCatchesUpAfterItsRestart() {
        write("docs/a.txt", "a");
        write("docs/b.txt", "b");
        SyncWorker worker = startSynced("w1");

        daemons[1].kill();
        write("docs/a.txt", "a, changed while web1 was down");
        write("docs/c/new.txt", "new");
        TestTrees.deleteTree(src.resolve("docs/b.txt"));
        publish(ChangeKind.CHANGE, "docs/a.txt");
        publish(ChangeKind.CHANGE, "docs/c", "docs/c/new.txt");
        publish(ChangeKind.CHANGE, "docs/b.txt");
        awaitConverged(0, 2);

        await().atMost(CONVERGE).untilAsserted(() -> {
            TargetSyncStatus down = statusOf(worker, 1);
            assertTrue(down.lastError().contains("connection refused"), down::toString);
            assertTrue(down.lag() > 0, down::toString);
        });
        assertFalse(TreeAssert.sameTree(src, daemons[1].root(), EXCLUDES), "web1 cannot have the changes yet");

        daemons[1].restart();
        awaitConverged(1);
        await().atMost(CONVERGE).untilAsserted(() -> {
            TargetSyncStatus back = statusOf(worker, 1);
            assertEquals("", back.lastError(), back::toString);
            assertEquals(0, back.lag(), back::toString);
        });
    }

    @Test
    void aTargetThatLeavesReadyIsNotSyncedAndResumesFromItsOffsetWhenReadyAgain() {
        write("x/1.txt", "1");
        SyncWorker worker = startSynced("w1");

        setState(2, TargetState.DEAD);
        await().atMost(CONVERGE).until(() -> statusOf(worker, 2).state().equals("DEAD"));
        write("x/2.txt", "2");
        publish(ChangeKind.CHANGE, "x/2.txt");
        awaitConverged(0, 1);
        assertFalse(Files.exists(daemons[2].root().resolve("x/2.txt")), "a DEAD target gets no live syncs");

        setState(2, TargetState.READY);
        awaitConverged(2);
    }

    @Test
    void aRestartedWorkerResumesFromTheCommittedOffsetsAndLosesNothing() {
        write("r/1.txt", "1");
        SyncWorker first = startSynced("w1");
        first.close();

        // published while no worker runs
        write("r/2.txt", "2");
        write("r/1.txt", "one");
        publish(ChangeKind.CHANGE, "r/2.txt", "r/1.txt");

        startWorker("w2");
        awaitAllConverged();
    }
}

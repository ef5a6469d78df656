package io.syncfleet.watcher.fs;

import static io.syncfleet.watcher.domain.PathEvent.Type.CREATE;
import static io.syncfleet.watcher.domain.PathEvent.Type.DELETE;
import static io.syncfleet.watcher.domain.PathEvent.Type.MODIFY;
import static io.syncfleet.watcher.fs.RecordingListener.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.domain.PathEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of a native {@link WatchBackend} (inotify, fanotify), on a real temp tree: what is
 * reported for files and directories, renames in, out and within, new directories, excluded and odd
 * names, symlinks, roots going away, and how many directories are watched. Each backend's IT extends it
 * and skips, with the reason, where the backend cannot run here.
 */
abstract class NativeBackendContract {

    protected static final List<String> EXCLUDES = List.of("*.git", "*.tmp", ".~tmp~/", "/www/cache/");
    protected static final RelPath WWW = RelPath.of("www");

    @TempDir
    Path base;
    protected Path www;
    protected final RecordingListener events = new RecordingListener();
    private final AtomicInteger markers = new AtomicInteger();
    protected WatchBackend backend;

    /** Skips the test, with the reason, where the backend cannot run here. */
    protected abstract void assumeAvailable();

    /** The backend under test on {@code base}, excluding {@link #EXCLUDES}, started on {@code www}. */
    protected abstract WatchBackend startBackend(WatchListener listener) throws IOException;

    protected abstract String expectedName();

    @BeforeEach
    void startOnATree() throws IOException {
        assumeAvailable();
        www = base.resolve("www");
        TestTrees.write(www, "index.html", "home");
        TestTrees.write(www, "css/site.css", "body{}");
        TestTrees.write(www, "img/a/b/logo.png", "png");
        TestTrees.write(www, ".git/config", "git");
        TestTrees.write(www, "build.tmp/x", "tmp");
        TestTrees.write(www, ".~tmp~/y", "tmp");
        TestTrees.write(www, "cache/z", "cache");
        TestTrees.write(base, "outside/p/q/f", "outside");
        backend = startBackend(events);
    }

    @AfterEach
    void close() {
        events.releaseHold();
        if (backend != null) {
            backend.close();
        }
    }

    protected void awaitWatched(long n) {
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == n);
    }

    protected static RelPath rel(String s) {
        return RelPath.of(s);
    }

    /** Writes a fresh file in www and waits for it: events caused before it have been delivered. */
    protected void barrier() {
        String name = "www/marker-" + markers.incrementAndGet();
        TestTrees.write(base, name, "m");
        events.awaitEvent(MODIFY, name);
    }

    protected boolean sawAny(RelPath path) {
        return events.events().stream().anyMatch(e -> e.path().equals(path));
    }

    protected void awaitAny(String path) {
        await().atMost(WAIT).until(() -> sawAny(rel(path)));
    }

    protected void sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).directory(base.toFile()).inheritIO().start();
        // generous: tree-making scripts compete with the whole build on a shared 2-core machine
        assertTrue(p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0, "script failed: " + script);
    }

    @Test
    void registersEveryDirectoryExceptExcludedOnes() {
        assertEquals(expectedName(), backend.name());
        awaitWatched(5); // www, css, img, img/a, img/a/b
    }

    @Test
    void reportsWriteRewriteChmodAndDeleteOfAFile() throws IOException {
        Path f = TestTrees.write(www.resolve("new.txt"), "one");
        events.awaitEvent(MODIFY, "www/new.txt");
        assertFalse(events.saw(CREATE, rel("www/new.txt")), "a new regular file is reported when closed, once");
        events.clear();
        Files.writeString(f, "two");
        events.awaitEvent(MODIFY, "www/new.txt");
        events.clear();
        TestTrees.chmod(f, "rw-------");
        events.awaitEvent(MODIFY, "www/new.txt");
        Files.delete(f);
        events.awaitEvent(DELETE, "www/new.txt");
    }

    @Test
    void aFileBeingWrittenIsReportedOnlyOnceClosed() throws IOException {
        Path f = www.resolve("slow.bin");
        RelPath slow = rel("www/slow.bin");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(new byte[4096]);
            out.flush();
            barrier(); // every event the first chunk caused has been delivered by now
            out.write(new byte[4096]);
            out.flush();
            barrier();
            assertFalse(sawAny(slow), "nothing while the file is open for writing: " + events.events());
        }
        events.awaitEvent(MODIFY, slow);
        assertEquals(1, events.events().stream().filter(e -> e.path().equals(slow)).count(), events.events().toString());
    }

    @Test
    void entriesThatNoCloseFollowsAreReportedWhenCreated() throws Exception {
        sh("ln www/index.html www/hard-link && mkfifo www/fifo");
        events.awaitEvent(CREATE, "www/hard-link");
        events.awaitEvent(CREATE, "www/fifo");
    }

    @Test
    void chmodOfADirectoryIsReportedOnIt() {
        TestTrees.chmod(www.resolve("img/a"), "rwx------");
        events.awaitEvent(MODIFY, "www/img/a");
    }

    @Test
    void chmodOfARootIsReportedOnIt() {
        TestTrees.chmod(www, "rwx------");
        events.awaitEvent(MODIFY, WWW);
    }

    @Test
    void fileRenameIsADeleteAndACreate() throws IOException {
        Files.move(www.resolve("index.html"), www.resolve("home.html"));
        events.awaitEvent(DELETE, "www/index.html");
        events.awaitEvent(CREATE, "www/home.html");
    }

    @Test
    void directoryRenameMovesItsWatchesToTheNewName() throws IOException {
        Files.move(www.resolve("img"), www.resolve("pictures"));
        events.awaitEvent(DELETE, "www/img");
        events.awaitEvent(CREATE, "www/pictures");
        events.awaitEvent(CREATE, "www/pictures/a/b/logo.png");
        barrier();
        awaitWatched(5); // the same directories under the new name
        events.clear();
        TestTrees.write(www.resolve("pictures/a/b/new.png"), "png");
        events.awaitEvent(MODIFY, "www/pictures/a/b/new.png");
        assertFalse(events.sawAnythingBelow(rel("www/img")), "no event under the old name: " + events.events());
    }

    @Test
    void aDirectoryMovedOutOfTheTreeLosesItsWatches() throws Exception {
        Files.move(www.resolve("img"), base.resolve("gone-img"));
        events.awaitEvent(DELETE, "www/img");
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 2);
        events.clear();
        TestTrees.write(base.resolve("gone-img/a/b/after"), "x");
        barrier();
        assertEquals(List.of(new PathEvent(MODIFY, rel("www/marker-1"))), events.events());
    }

    @Test
    void aDirectoryRenamedToAnExcludedNameLosesItsWatches() throws Exception {
        Files.move(www.resolve("img"), www.resolve("img.tmp"));
        events.awaitEvent(DELETE, "www/img");
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 2);
        TestTrees.write(www.resolve("img.tmp/a/b/after"), "x");
        barrier();
        assertFalse(events.sawAnythingBelow(rel("www/img.tmp")), events.events().toString());
    }

    @Test
    void mkdirWithImmediateFilesLosesNothing() throws Exception {
        sh("mkdir -p www/m/n/o && echo x > www/m/n/o/f && echo y > www/m/top && mkdir www/m/n/o/p");
        for (String p : List.of("www/m", "www/m/n", "www/m/n/o", "www/m/n/o/p")) {
            events.awaitEvent(CREATE, p);
        }
        awaitAny("www/m/n/o/f"); // found by the scan (CREATE) or closed after the watch was added (MODIFY)
        awaitAny("www/m/top");
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 9);
        TestTrees.write(www.resolve("m/n/o/p/later"), "z");
        events.awaitEvent(MODIFY, "www/m/n/o/p/later");
    }

    @Test
    void oddNamesArrivePreciselyAsTheirBytes() throws IOException {
        byte[] nonUtf8 = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe};
        List<byte[]> names = List.of(nonUtf8, utf8("line\nbreak"), utf8("-rf"), utf8("with space"), utf8("100%"));
        Path dir = TestTrees.mkdirs(TestTrees.child(www, nonUtf8));
        RelPath dirRel = WWW.resolve(nonUtf8);
        events.awaitEvent(CREATE, dirRel);
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 6);
        for (byte[] name : names) {
            TestTrees.write(TestTrees.child(dir, name), "x");
            events.awaitEvent(MODIFY, dirRel.resolve(name));
        }
        Files.move(TestTrees.child(dir, utf8("-rf")), TestTrees.child(dir, utf8("-rf\n\u00e9")));
        events.awaitEvent(DELETE, dirRel.resolve(utf8("-rf")));
        events.awaitEvent(CREATE, dirRel.resolve(utf8("-rf\n\u00e9")));
    }

    @Test
    void excludedEntriesAreNeitherReportedNorWatched() throws Exception {
        TestTrees.write(www.resolve(".git/HEAD"), "ref");
        TestTrees.write(www.resolve("x.tmp"), "tmp");
        TestTrees.write(www.resolve("cache/z2"), "cache");
        sh("mkdir -p www/new.tmp/deep && echo x > www/new.tmp/deep/f && mkdir -p www/css/.~tmp~ && echo y > www/css/.~tmp~/z");
        TestTrees.write(www.resolve("css/.~tmp~/later"), "late");
        barrier();
        for (String p : List.of("www/.git", "www/x.tmp", "www/cache", "www/new.tmp", "www/css/.~tmp~")) {
            assertFalse(events.sawAnythingBelow(rel(p)), p + " was reported: " + events.events());
        }
        assertEquals(5, backend.watchedDirectories());
        TestTrees.write(www.resolve("img/.~tmp~"), "a file named like a directory-only pattern");
        events.awaitEvent(MODIFY, "www/img/.~tmp~");
    }

    @Test
    void deletingASubtreeDropsItsWatches() throws Exception {
        sh("rm -rf www/img");
        events.awaitEvent(DELETE, "www/img");
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 2);
    }

    @Test
    void symlinksAreReportedButNeverFollowed() throws Exception {
        TestTrees.symlink(www.resolve("link"), "../outside");
        events.awaitEvent(CREATE, "www/link");
        TestTrees.write(base.resolve("outside/p/new"), "n");
        barrier();
        assertFalse(events.sawAnythingBelow(rel("www/link/p")), events.events().toString());
        assertEquals(5, backend.watchedDirectories());
    }

    @Test
    void aDirectoryMovedInIsScannedAndWatched() throws IOException {
        Files.move(base.resolve("outside"), www.resolve("moved"));
        for (String p : List.of("www/moved", "www/moved/p", "www/moved/p/q", "www/moved/p/q/f")) {
            events.awaitEvent(CREATE, p);
        }
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 8);
        TestTrees.write(www.resolve("moved/p/q/g"), "g");
        events.awaitEvent(MODIFY, "www/moved/p/q/g");
    }

    @Test
    void aDeletedRootIsReportedAsDeleted() throws Exception {
        sh("rm -rf www");
        events.awaitEvent(DELETE, WWW);
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 0);
    }

    @Test
    void aMovedRootIsReportedAsDeleted() throws Exception {
        Files.move(www, base.resolve("www-old"));
        events.awaitEvent(DELETE, WWW);
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 0);
    }

    @Test
    void closeReleasesEveryWatch() {
        backend.close();
        assertEquals(0, backend.watchedDirectories());
        TestTrees.write(www.resolve("after-close"), "x");
        backend.close(); // idempotent
    }

    @Test
    void directoriesCreatedDuringAndAfterSetupAreAllWatched() throws Exception {
        for (int i = 0; i < 5_000; i++) {
            Files.createDirectories(www.resolve("old/o" + (i % 50)).resolve("dir-" + i));
        }
        backend.close();
        Process grower = new ProcessBuilder("sh", "-c", "for i in $(seq 1 300); do mkdir -p www/old/o$((i % 50))/new-$i/x"
                + " && echo f > www/old/o$((i % 50))/new-$i/x/f; done").directory(base.toFile()).start();
        backend = startBackend(events);
        assertTrue(grower.waitFor(60, TimeUnit.SECONDS) && grower.exitValue() == 0);
        long onDisk;
        try (var walk = Files.walk(www.resolve("old"))) {
            onDisk = walk.filter(Files::isDirectory).count();
        }
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == onDisk + 5);
        TestTrees.write(www.resolve("old/o7/new-7/x/late"), "l");
        events.awaitEvent(MODIFY, "www/old/o7/new-7/x/late");
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

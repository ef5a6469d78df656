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
import io.syncfleet.testkit.InotifyQueue;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.domain.PathEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of every {@link WatchBackend} (jdk, inotify, fanotify), on a real temp tree: what is
 * reported for files and directories, renames in and within, new directories, excluded and odd names,
 * symlinks, a root going away, and how many directories are watched. Each backend's IT extends it (the
 * native ones through {@link NativeBackendContract}) and says where the backend legitimately differs:
 * how a new file is reported (constructor) and when its directories are counted (a hook).
 */
abstract class WatchBackendContract {

    protected static final List<String> EXCLUDES = List.of("*.git", "*.tmp", ".~tmp~/", "/www/cache/");
    protected static final RelPath WWW = RelPath.of("www");

    @TempDir
    Path base;
    protected Path www;
    protected final RecordingListener events = new RecordingListener();
    private final AtomicInteger markers = new AtomicInteger();
    protected WatchBackend backend;
    private final String expectedName;
    private final PathEvent.Type newFileEvent;

    /**
     * @param expectedName the backend's {@link WatchBackend#name}
     * @param newFileEvent how a regular file newly written is reported: {@code CREATE} as it appears
     *        (jdk), or {@code MODIFY} once it is closed after writing (native backends)
     */
    protected WatchBackendContract(String expectedName, PathEvent.Type newFileEvent) {
        this.expectedName = expectedName;
        this.newFileEvent = newFileEvent;
    }

    /** Skips the test, with the reason, where the backend cannot run here; by default it always can. */
    protected void assumeAvailable() {
    }

    /** The backend under test on {@code base}, excluding {@link #EXCLUDES}, started on {@code www}. */
    protected abstract WatchBackend startBackend(WatchListener listener) throws IOException;

    /** Starts {@code b} on {@code www}, reporting to {@code listener}. */
    protected static <B extends WatchBackend> B startedOnWww(B b, WatchListener listener) throws IOException {
        b.start(List.of(WWW), listener);
        return b;
    }

    /** True when {@link WatchBackend#watchedDirectories} is counted after {@code start} returns (fanotify). */
    protected boolean countsDirectoriesInTheBackground() {
        return false;
    }

    @BeforeEach
    void startOnATree() throws IOException {
        assumeAvailable();
        InotifyQueue.atLeastDefault();
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
        events.awaitEvent(newFileEvent, name);
    }

    protected boolean sawAny(RelPath path) {
        return events.events().stream().anyMatch(e -> e.path().equals(path));
    }

    protected void sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).directory(base.toFile()).inheritIO().start();
        // generous: tree-making scripts compete with the whole build on a shared 2-core machine
        assertTrue(p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0, "script failed: " + script);
    }

    /**
     * Holds the backend thread of {@code listener} in the listener, and meanwhile writes a burst of files
     * into www/css, makes www/css/sub and moves www/img/a to www/css/a-moved, so that events are lost.
     */
    protected void loseEventsWhileHeld(RecordingListener listener) throws Exception {
        RelPath gate = rel("www/gate");
        listener.holdOn(e -> e.path().equals(gate));
        try {
            TestTrees.write(base, "www/gate", "hold");
            listener.awaitHeld(); // the backend's thread now waits in the listener
            for (int i = 0; i < 1500; i++) {
                Files.writeString(www.resolve("css/burst-" + i), "b");
            }
            TestTrees.write(www.resolve("css/sub/early"), "e"); // a new directory while events are lost
            Files.move(www.resolve("img/a"), www.resolve("css/a-moved")); // a directory moved while events are lost
        } finally {
            listener.releaseHold();
        }
    }

    /** After {@link #loseEventsWhileHeld}: the directories made and moved meanwhile report again. */
    protected void awaitLostDirectoriesReportAgain(RecordingListener listener) {
        TestTrees.write(www.resolve("css/sub/later"), "l");
        listener.awaitEvent(newFileEvent, "www/css/sub/later");
        TestTrees.write(www.resolve("css/a-moved/b/later"), "l");
        listener.awaitEvent(newFileEvent, "www/css/a-moved/b/later");
    }

    @Test
    void registersEveryDirectoryExceptExcludedOnes() {
        assertEquals(expectedName, backend.name());
        if (countsDirectoriesInTheBackground()) {
            awaitWatched(5);
        } else {
            assertEquals(5, backend.watchedDirectories(), "www, css, img, img/a, img/a/b");
        }
    }

    @Test
    void reportsWriteRewriteChmodAndDeleteOfAFile() throws IOException {
        Path f = TestTrees.write(www.resolve("new.txt"), "one");
        events.awaitEvent(newFileEvent, "www/new.txt");
        if (newFileEvent != CREATE) {
            assertFalse(events.saw(CREATE, rel("www/new.txt")), "a new regular file is reported when closed, once");
        }
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
    void chmodOfADirectoryIsReportedOnIt() {
        TestTrees.chmod(www.resolve("img/a"), "rwx------");
        events.awaitEvent(MODIFY, "www/img/a");
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
        events.awaitEvent(newFileEvent, "www/pictures/a/b/new.png");
        assertFalse(events.sawAnythingBelow(rel("www/img")), "no event under the old name: " + events.events());
    }

    @Test
    void mkdirWithImmediateFilesLosesNothing() throws Exception {
        sh("mkdir -p www/m/n/o && echo x > www/m/n/o/f && echo y > www/m/top && mkdir www/m/n/o/p");
        for (String p : List.of("www/m", "www/m/n", "www/m/n/o", "www/m/n/o/p")) {
            events.awaitEvent(CREATE, p);
        }
        // found by the scan (CREATE) or reported as a new file after the watch was added
        for (String p : List.of("www/m/n/o/f", "www/m/top")) {
            await().atMost(WAIT).until(() -> events.saw(CREATE, rel(p)) || events.saw(newFileEvent, rel(p)));
        }
        awaitWatched(9);
        TestTrees.write(www.resolve("m/n/o/p/later"), "z");
        events.awaitEvent(newFileEvent, "www/m/n/o/p/later");
    }

    @Test
    void oddNamesArrivePreciselyAsTheirBytes() throws IOException {
        byte[] nonUtf8 = TestTrees.nonUtf8Name("bad");
        List<byte[]> names = List.of(nonUtf8, utf8("line\nbreak"), utf8("-rf"), utf8("with space"), utf8("100%"));
        Path dir = TestTrees.mkdirs(TestTrees.child(www, nonUtf8));
        RelPath dirRel = WWW.resolve(nonUtf8);
        assertTrue(Arrays.equals(join(utf8("www/"), nonUtf8), dirRel.bytes()));
        events.awaitEvent(CREATE, dirRel);
        awaitWatched(6);
        for (byte[] name : names) {
            TestTrees.write(TestTrees.child(dir, name), "x");
            events.awaitEvent(newFileEvent, dirRel.resolve(name));
        }
        Files.writeString(TestTrees.child(dir, utf8("-rf")), "y", StandardOpenOption.APPEND);
        events.awaitEvent(MODIFY, dirRel.resolve(utf8("-rf")));
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
        events.awaitEvent(newFileEvent, "www/img/.~tmp~");
    }

    @Test
    void deletingASubtreeDropsItsWatches() throws Exception {
        sh("rm -rf www/img");
        events.awaitEvent(DELETE, "www/img");
        awaitWatched(2);
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
        awaitWatched(8);
        TestTrees.write(www.resolve("moved/p/q/g"), "g");
        events.awaitEvent(newFileEvent, "www/moved/p/q/g");
    }

    @Test
    void aDeletedRootIsReportedAsDeleted() throws Exception {
        sh("rm -rf www");
        events.awaitEvent(DELETE, WWW);
        awaitWatched(0);
    }

    @Test
    void closeReleasesEveryWatch() {
        backend.close();
        assertEquals(0, backend.watchedDirectories());
        TestTrees.write(www.resolve("after-close"), "x");
        backend.close(); // idempotent
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

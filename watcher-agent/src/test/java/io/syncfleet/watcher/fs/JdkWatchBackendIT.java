package io.syncfleet.watcher.fs;

import static io.syncfleet.watcher.domain.PathEvent.Type.CREATE;
import static io.syncfleet.watcher.domain.PathEvent.Type.DELETE;
import static io.syncfleet.watcher.domain.PathEvent.Type.MODIFY;
import static io.syncfleet.watcher.domain.PathEvent.Type.OVERFLOW;
import static io.syncfleet.watcher.fs.RecordingListener.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.domain.ExcludeFilter;
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

class JdkWatchBackendIT {

    private static final List<String> EXCLUDES = List.of("*.git", "*.tmp", ".~tmp~/", "/www/cache/");
    private static final RelPath WWW = RelPath.of("www");

    @TempDir
    Path base;
    private Path www;
    private final RecordingListener events = new RecordingListener();
    private final AtomicInteger markers = new AtomicInteger();
    private JdkWatchBackend backend;

    @BeforeEach
    void startOnATree() throws IOException {
        www = base.resolve("www");
        TestTrees.write(www, "index.html", "home");
        TestTrees.write(www, "css/site.css", "body{}");
        TestTrees.write(www, "img/a/b/logo.png", "png");
        TestTrees.write(www, ".git/config", "git");
        TestTrees.write(www, "build.tmp/x", "tmp");
        TestTrees.write(www, ".~tmp~/y", "tmp");
        TestTrees.write(www, "cache/z", "cache");
        TestTrees.write(base, "outside/p/q/f", "outside");
        backend = new JdkWatchBackend(base, ExcludeFilter.of(EXCLUDES), 4);
        backend.start(List.of(WWW), events);
    }

    @AfterEach
    void close() {
        events.releaseHold();
        backend.close();
    }

    private static RelPath rel(String s) {
        return RelPath.of(s);
    }

    /** Writes a fresh file in www and waits for it: events caused before it have been delivered. */
    private void barrier() {
        String name = "www/marker-" + markers.incrementAndGet();
        TestTrees.write(base, name, "m");
        events.awaitEvent(CREATE, name);
    }

    private void sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).directory(base.toFile()).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "script failed: " + script);
    }

    @Test
    void registersEveryDirectoryExceptExcludedOnes() {
        assertEquals(JdkWatchBackend.NAME, backend.name());
        assertEquals(5, backend.watchedDirectories(), "www, css, img, img/a, img/a/b");
    }

    @Test
    void reportsCreateModifyChmodAndDeleteOfAFile() throws IOException {
        Path f = TestTrees.write(www.resolve("new.txt"), "one");
        events.awaitEvent(CREATE, "www/new.txt");
        Files.writeString(f, "two", StandardOpenOption.APPEND);
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
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 5);
        events.clear();
        TestTrees.write(www.resolve("pictures/a/b/new.png"), "png");
        events.awaitEvent(CREATE, "www/pictures/a/b/new.png");
        assertFalse(events.sawAnythingBelow(rel("www/img")), "no event under the old name: " + events.events());
    }

    @Test
    void mkdirWithImmediateFilesLosesNothing() throws Exception {
        sh("mkdir -p www/m/n/o && echo x > www/m/n/o/f && echo y > www/m/top && mkdir www/m/n/o/p");
        for (String p : List.of("www/m", "www/m/n", "www/m/n/o", "www/m/n/o/f", "www/m/top", "www/m/n/o/p")) {
            events.awaitEvent(CREATE, p);
        }
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 9);
        TestTrees.write(www.resolve("m/n/o/p/later"), "z");
        events.awaitEvent(CREATE, "www/m/n/o/p/later");
    }

    @Test
    void oddNamesArrivePreciselyAsTheirBytes() throws IOException {
        byte[] nonUtf8 = TestTrees.nonUtf8Name("bad-");
        List<byte[]> names = List.of(nonUtf8, utf8("line\nbreak"), utf8("-rf"), utf8("with space"), utf8("100%"));
        Path dir = TestTrees.mkdirs(TestTrees.child(www, nonUtf8));
        RelPath dirRel = WWW.resolve(nonUtf8);
        events.awaitEvent(CREATE, dirRel);
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 6);
        for (byte[] name : names) {
            TestTrees.write(TestTrees.child(dir, name), "x");
            events.awaitEvent(CREATE, dirRel.resolve(name));
        }
        Files.writeString(TestTrees.child(dir, utf8("-rf")), "y", StandardOpenOption.APPEND);
        events.awaitEvent(MODIFY, dirRel.resolve(utf8("-rf")));
        assertTrue(Arrays.equals(join(utf8("www/"), nonUtf8), dirRel.bytes()));
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
        events.awaitEvent(CREATE, "www/img/.~tmp~");
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
        events.awaitEvent(CREATE, "www/moved/p/q/g");
    }

    @Test
    void overflowIsReportedAndTheDirectoryIsReconciled() throws Exception {
        RelPath gate = rel("www/gate");
        events.holdOn(e -> e.path().equals(gate));
        TestTrees.write(base, "www/gate", "hold");
        events.awaitHeld(); // the backend's thread now waits in the listener
        for (int i = 0; i < 1500; i++) {
            Files.writeString(www.resolve("css/burst-" + i), "b");
        }
        TestTrees.write(www.resolve("css/sub/early"), "e"); // a new directory while events are lost
        Files.move(www.resolve("img/a"), www.resolve("css/a-moved")); // a directory moved while events are lost
        events.releaseHold();

        events.awaitEvent(OVERFLOW, "www/css");
        // 5 - img/a - img/a/b + css/sub + css/a-moved + css/a-moved/b
        await().atMost(WAIT).until(() -> backend.watchedDirectories() == 6);
        TestTrees.write(www.resolve("css/sub/later"), "l");
        events.awaitEvent(CREATE, "www/css/sub/later");
        TestTrees.write(www.resolve("css/a-moved/b/later"), "l");
        events.awaitEvent(CREATE, "www/css/a-moved/b/later");
    }

    @Test
    void aDeletedRootIsReportedAsDeleted() throws Exception {
        sh("rm -rf www");
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

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.syncfleet.watcher.fs;

import static io.syncfleet.watcher.domain.PathEvent.Type.CREATE;
import static io.syncfleet.watcher.domain.PathEvent.Type.DELETE;
import static io.syncfleet.watcher.domain.PathEvent.Type.MODIFY;
import static io.syncfleet.watcher.fs.RecordingListener.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.domain.ExcludeFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NativeBackendContract} on the fanotify backend (root, Linux 5.9+; skipped with the kernel's
 * reason elsewhere), plus what only it meets: the whole file system reports, so changes next to the
 * roots must be dropped, and directory handles must follow renames.
 */
class FanotifyWatchBackendIT extends NativeBackendContract {

    FanotifyWatchBackendIT() {
        super(FanotifyWatchBackend.NAME);
    }

    @Override
    protected void assumeAvailable() {
        Assumptions.assumeTrue(FanotifyWatchBackend.unavailableReason(base).isEmpty(),
                () -> "fanotify is not available here: " + FanotifyWatchBackend.unavailableReason(base).orElse(""));
    }

    @Override
    protected WatchBackend startBackend(WatchListener listener) throws IOException {
        return startedOnWww(new FanotifyWatchBackend(base, ExcludeFilter.of(EXCLUDES), 2), listener);
    }

    @Override
    protected boolean countsDirectoriesInTheBackground() {
        return true;
    }

    @Test
    void changesBesideTheRootsAreNotReported() throws IOException {
        TestTrees.write(base.resolve("outside/p/q/g"), "o");
        TestTrees.write(base.resolve("www-sibling/f"), "o");
        Files.move(base.resolve("outside/p"), base.resolve("outside/p2"));
        barrier();
        assertFalse(events.events().stream().anyMatch(e -> !WWW.contains(e.path())), events.events().toString());
    }

    @Test
    void directoriesMadeElsewhereOnTheFileSystemDoNotMakeTheCounterWalkAgain(@TempDir Path elsewhere)
            throws Exception {
        Assumptions.assumeTrue(Files.getFileStore(elsewhere).equals(Files.getFileStore(base)),
                "the other temp dir is on another file system, whose events the mark does not see");
        FanotifyWatchBackend fanotify = (FanotifyWatchBackend) backend;
        await("first count").atMost(WAIT).until(() -> fanotify.directoryCountWalks() >= 1);
        long before = fanotify.directoryCountWalks();
        int rounds = 5;
        for (int i = 0; i < rounds; i++) {
            Path build = elsewhere.resolve("build-" + i);
            Files.createDirectories(build.resolve("classes"));
            barrier(); // seen while they exist
            sh("rm -rf '" + build + "'");
            barrier();
            Thread.sleep(2 * DirectoryCounter.SETTLE_MILLIS); // a recount, if any, would start in this pause
        }
        // each round used to cause a walk; other programs on this machine may cause one or two
        long walked = fanotify.directoryCountWalks() - before;
        assertTrue(walked < rounds / 2, walked + " walks for " + rounds + " rounds of directories made elsewhere");
        Files.createDirectories(www.resolve("new-section")); // while one made inside the roots does
        await("recount").atMost(WAIT).until(() -> fanotify.directoryCountWalks() > before + walked);
    }

    @Test
    void aFileInARenamedDirectoryIsReportedUnderItsNewName() throws IOException {
        TestTrees.write(www.resolve("img/a/b/first.png"), "1"); // its directory's path is cached now
        events.awaitEvent(MODIFY, "www/img/a/b/first.png");
        Files.move(www.resolve("img"), www.resolve("pics"));
        events.awaitEvent(CREATE, "www/pics");
        TestTrees.write(www.resolve("pics/a/b/second.png"), "2");
        events.awaitEvent(MODIFY, "www/pics/a/b/second.png");
        assertFalse(events.saw(MODIFY, rel("www/img/a/b/second.png")), events.events().toString());
    }

    @Test
    void aRootMadeAgainIsSeenAgain() throws Exception {
        sh("rm -rf www");
        events.awaitEvent(DELETE, WWW);
        TestTrees.write(www.resolve("back.html"), "b");
        events.awaitEvent(MODIFY, "www/back.html");
    }
}

package io.syncfleet.watcher.fs;

import static io.syncfleet.watcher.domain.PathEvent.Type.CREATE;
import static io.syncfleet.watcher.domain.PathEvent.Type.DELETE;
import static io.syncfleet.watcher.domain.PathEvent.Type.MODIFY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.domain.PathEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the native backends (inotify, fanotify) add to the {@link WatchBackendContract}: a file is
 * reported once it is closed after writing, entries no close follows are reported when created, a
 * root's own attributes are seen, directories moved out or renamed to an excluded name lose their
 * watches, a moved root is reported as deleted, and a tree growing during setup is watched whole.
 */
abstract class NativeBackendContract extends WatchBackendContract {

    protected NativeBackendContract(String expectedName) {
        super(expectedName, MODIFY);
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
    void chmodOfARootIsReportedOnIt() {
        TestTrees.chmod(www, "rwx------");
        events.awaitEvent(MODIFY, WWW);
    }

    @Test
    void aDirectoryMovedOutOfTheTreeLosesItsWatches() throws Exception {
        Files.move(www.resolve("img"), base.resolve("gone-img"));
        events.awaitEvent(DELETE, "www/img");
        awaitWatched(2);
        events.clear();
        TestTrees.write(base.resolve("gone-img/a/b/after"), "x");
        barrier();
        assertEquals(List.of(new PathEvent(MODIFY, rel("www/marker-1"))), events.events());
    }

    @Test
    void aDirectoryRenamedToAnExcludedNameLosesItsWatches() throws Exception {
        Files.move(www.resolve("img"), www.resolve("img.tmp"));
        events.awaitEvent(DELETE, "www/img");
        awaitWatched(2);
        TestTrees.write(www.resolve("img.tmp/a/b/after"), "x");
        barrier();
        assertFalse(events.sawAnythingBelow(rel("www/img.tmp")), events.events().toString());
    }

    @Test
    void aMovedRootIsReportedAsDeleted() throws Exception {
        Files.move(www, base.resolve("www-old"));
        events.awaitEvent(DELETE, WWW);
        awaitWatched(0);
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
        awaitWatched(onDisk + 5);
        TestTrees.write(www.resolve("old/o7/new-7/x/late"), "l");
        events.awaitEvent(MODIFY, "www/old/o7/new-7/x/late");
    }
}

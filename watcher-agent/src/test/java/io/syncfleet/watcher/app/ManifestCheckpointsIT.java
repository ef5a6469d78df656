package io.syncfleet.watcher.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.fs.ManifestStore;
import io.syncfleet.watcher.fs.TreeScan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lost events (an overflow) make the next start a RESCAN until a checkpoint begun after them is saved. */
class ManifestCheckpointsIT {

    private static final List<RelPath> ROOTS = List.of(RelPath.of("www"));

    @TempDir
    Path dir;

    @Test
    void aStartWithoutAManifestWalksNothingUntilThereIsAHorizon() throws Exception {
        Path base = dir.resolve("src");
        TestTrees.write(base, "www/a.html", "a");
        ManifestStore store = new ManifestStore(dir.resolve("state"), base, ROOTS, List.of());
        AtomicLong horizon = new AtomicLong();
        ManifestCheckpoints c = new ManifestCheckpoints(store, new TreeScan(base, ExcludeFilter.of(List.of()),
                () -> false), ROOTS, horizon::get);

        assertFalse(store.exists());
        assertEquals(Optional.empty(), c.startDiff(), "nothing to compare: the start publishes a RESCAN");
        assertFalse(c.commitPending(), "no horizon yet: the first walk waits");
        assertFalse(store.exists());

        horizon.set(System.currentTimeMillis());
        assertTrue(c.commitPending(), "the first walk runs once there is a horizon");
        assertTrue(store.exists());
        assertEquals(1, store.open().orElseThrow().entryCount(), "a.html (a root is not an entry)");
        assertTrue(c.startDiff().isPresent(), "the next start compares");
    }

    @Test
    void lostEventsDiscardTheSavedManifestAndEveryWalkBegunBeforeThem() throws Exception {
        Path base = dir.resolve("src");
        TestTrees.write(base, "www/a.html", "a");
        ManifestStore store = new ManifestStore(dir.resolve("state"), base, ROOTS, List.of());
        ManifestCheckpoints c = new ManifestCheckpoints(store, new TreeScan(base, ExcludeFilter.of(List.of()), () -> false),
                ROOTS, System::currentTimeMillis);
        c.checkpoint();
        assertTrue(Files.exists(store.file()));
        assertTrue(c.startDiff().isPresent(), "a start compares with the saved manifest");

        c.eventsLost();
        assertFalse(Files.exists(store.file()), "discarded at once");
        assertTrue(c.commitPending());
        assertFalse(Files.exists(store.file()), "the start's walk began before the loss: not saved");
        assertEquals(Optional.empty(), c.startDiff(), "a start now publishes a RESCAN");

        c.checkpoint();
        assertTrue(Files.exists(store.file()), "a walk begun after the loss is saved");
        assertTrue(c.startDiff().isPresent());
    }
}

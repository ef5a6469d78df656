package io.syncfleet.watcher.fs;

import static io.syncfleet.watcher.domain.PathEvent.Type.DELETE;
import static io.syncfleet.watcher.domain.PathEvent.Type.OVERFLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.watcher.domain.ExcludeFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeBackendContract} on the inotify backend, plus what only it does: every entry of a
 * deleted subtree is reported, the watches are repaired after a kernel queue overflow, and the watch
 * limit is checked and raised.
 */
class InotifyWatchBackendIT extends NativeBackendContract {

    InotifyWatchBackendIT() {
        super(InotifyWatchBackend.NAME);
    }

    @Override
    protected void assumeAvailable() {
        Assumptions.assumeTrue(InotifyWatchBackend.unavailableReason().isEmpty(),
                () -> "inotify is not available here: " + InotifyWatchBackend.unavailableReason().orElse(""));
    }

    @Override
    protected WatchBackend startBackend(WatchListener listener) throws IOException {
        return start(listener, InotifyLimits.system(), false);
    }

    private InotifyWatchBackend start(WatchListener listener, InotifyLimits limits, boolean raise) throws IOException {
        return startedOnWww(new InotifyWatchBackend(base, ExcludeFilter.of(EXCLUDES), raise, limits, 4), listener);
    }

    @Test
    void everyEntryOfADeletedSubtreeIsReported() throws Exception {
        sh("rm -rf www/img");
        events.awaitEvent(DELETE, "www/img");
        events.awaitEvent(DELETE, "www/img/a/b/logo.png");
    }

    /**
     * A real kernel queue overflow: the queue of a new instance is made small (max_queued_events is read
     * when an instance is created, and restored at once), the backend's thread is held in the listener,
     * and a storm fills the queue while a directory is created and another renamed.
     */
    @Test
    void aQueueOverflowReachesTheListenerAndTheWatchesAreRepaired() throws Exception {
        OptionalLong queued = InotifyLimits.system().maxQueuedEvents();
        Assumptions.assumeTrue(queued.isPresent() && Files.isWritable(InotifyLimits.MAX_QUEUED_EVENTS),
                "max_queued_events cannot be lowered here (not root)");
        backend.close();
        RecordingListener held = new RecordingListener();
        try {
            Files.writeString(InotifyLimits.MAX_QUEUED_EVENTS, "256\n");
            backend = start(held, InotifyLimits.system(), false);
        } finally {
            Files.writeString(InotifyLimits.MAX_QUEUED_EVENTS, queued.getAsLong() + "\n");
        }
        assertEquals(queued, InotifyLimits.system().maxQueuedEvents(), "restored");
        loseEventsWhileHeld(held);
        held.awaitEvent(OVERFLOW, WWW);
        // 5 - img/a - img/a/b + css/sub + css/a-moved + css/a-moved/b
        assertEquals(6, backend.watchedDirectories(), "repaired before the overflow is reported");
        held.clear();
        awaitLostDirectoriesReportAgain(held);
        assertFalse(held.sawAnythingBelow(rel("www/img/a")), held.events().toString());
    }

    @Test
    void aTreeThatDoesNotFitFailsWithTheExactSysctlToRun() throws IOException {
        InotifyLimits tight = limits("3", "16384");
        RecordingListener l = new RecordingListener();
        InotifyWatchBackend b = new InotifyWatchBackend(base, ExcludeFilter.of(EXCLUDES), false, tight, 4);
        WatchLimitException e = assertThrows(WatchLimitException.class, () -> b.start(List.of(WWW), l));
        assertEquals("inotify cannot watch the [5] directories under [www]: fs.inotify.max_user_watches is [3]; raise"
                + " it as root with `sysctl -w fs.inotify.max_user_watches=8192` (and persist it in /etc/sysctl.d/), or"
                + " set watch.raiseLimits: true and run as root, or exclude directories", e.getMessage());
        assertEquals(0, b.watchedDirectories(), "a failed start releases its watches");
        assertEquals(OptionalLong.of(3), tight.maxUserWatches(), "left alone without raiseLimits");
    }

    @Test
    void raiseLimitsRaisesWhatIsTooLowAndGoesOn() throws IOException {
        InotifyLimits tight = limits("3", "16384");
        InotifyWatchBackend b = new InotifyWatchBackend(base, ExcludeFilter.of(EXCLUDES), true, tight, 4);
        try {
            b.start(List.of(WWW), new RecordingListener());
            assertEquals(5, b.watchedDirectories());
            assertEquals(OptionalLong.of(8192), tight.maxUserWatches());
            assertEquals(OptionalLong.of(InotifyLimits.QUEUED_EVENTS_TARGET), tight.maxQueuedEvents());
        } finally {
            b.close();
        }
    }

    @Test
    void aWatchedDirectoryCostsFewHeapBytes() throws Exception {
        int n = 20_000;
        sh("mkdir big && cd big && seq 0 99 | sed 's/^/d/' | xargs mkdir && seq 0 " + (n - 1)
                + " | awk '{print \"d\" $1 % 100 \"/directory-\" $1}' | xargs mkdir");
        backend.close();
        InotifyWatchBackend b = new InotifyWatchBackend(base, ExcludeFilter.NONE, false, InotifyLimits.system(), 4);
        try {
            b.start(List.of(rel("big")), new RecordingListener());
            assertEquals(n + 101, b.watchedDirectories());
            long watching = usedHeapAfterGc();
            b.close(); // drops what the watches cost, and nothing else
            long perDirectory = (watching - usedHeapAfterGc()) / (n + 101);
            assertTrue(perDirectory > 0 && perDirectory <= 400, "heap per watched directory: " + perDirectory + " bytes");
        } finally {
            b.close(); // the temp dir goes with the test
        }
    }

    private InotifyLimits limits(String watches, String queued) throws IOException {
        Path dir = Files.createDirectories(base.resolve("sysctl"));
        return new InotifyLimits(Files.writeString(dir.resolve("max_user_watches"), watches + "\n"),
                Files.writeString(dir.resolve("max_queued_events"), queued + "\n"));
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Runtime r = Runtime.getRuntime();
            used = Math.min(used, r.totalMemory() - r.freeMemory());
        }
        return used;
    }
}

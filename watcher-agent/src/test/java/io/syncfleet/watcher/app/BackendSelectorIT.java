package io.syncfleet.watcher.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.WatchBackendType;
import io.syncfleet.common.config.WatchConfig;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.TestConfigs;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.fs.FanotifyWatchBackend;
import io.syncfleet.watcher.fs.InotifyWatchBackend;
import io.syncfleet.watcher.fs.JdkWatchBackend;
import io.syncfleet.watcher.fs.WatchBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendSelectorIT {

    @TempDir
    Path base;

    private String chosen(WatchBackendType type) {
        SyncfleetConfig c = TestConfigs.watcher(TestConfigs.kafka("sel", 1), base, List.of(RelPath.BASE), List.of(),
                Duration.ofMillis(20));
        SyncfleetConfig config = new SyncfleetConfig(c.kafka(), c.source(), new WatchConfig(Duration.ofMillis(20), type,
                false), c.rsync(), c.targets(), c.status(), c.log());
        try (WatchBackend backend = BackendSelector.select(config, ExcludeFilter.NONE)) {
            return backend.name();
        }
    }

    @Test
    void jdkIsChosenWhenAskedFor() {
        assertEquals(JdkWatchBackend.NAME, chosen(WatchBackendType.JDK));
    }

    @Test
    void autoPrefersFanotifyThenInotifyWhereTheyWork() {
        String expected = FanotifyWatchBackend.unavailableReason(base).isEmpty() ? FanotifyWatchBackend.NAME
                : InotifyWatchBackend.unavailableReason().isEmpty() ? InotifyWatchBackend.NAME : JdkWatchBackend.NAME;
        assertEquals(expected, chosen(WatchBackendType.AUTO));
    }

    @Test
    void fanotifyIsChosenWhenAskedForAndAvailable() {
        Assumptions.assumeTrue(FanotifyWatchBackend.unavailableReason(base).isEmpty(),
                () -> "fanotify is not available here: " + FanotifyWatchBackend.unavailableReason(base).orElse(""));
        assertEquals(FanotifyWatchBackend.NAME, chosen(WatchBackendType.FANOTIFY));
    }

    @Test
    void fanotifyAskedForWhereItIsUnavailableFailsInOneLine() {
        Optional<String> why = FanotifyWatchBackend.unavailableReason(base);
        Assumptions.assumeTrue(why.isPresent(), "fanotify works here (root, Linux 5.9+)");
        WatcherException e = assertThrows(WatcherException.class, () -> chosen(WatchBackendType.FANOTIFY));
        assertEquals("watch.backend: fanotify is not available here (" + why.get()
                + "); set watch.backend to auto, inotify or jdk", e.getMessage());
    }

    @Test
    void inotifyIsChosenWhenAskedForAndAvailable() {
        Assumptions.assumeTrue(InotifyWatchBackend.unavailableReason().isEmpty(), "inotify is not available here");
        assertEquals(InotifyWatchBackend.NAME, chosen(WatchBackendType.INOTIFY));
    }
}

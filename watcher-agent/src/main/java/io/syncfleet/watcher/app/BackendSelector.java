package io.syncfleet.watcher.app;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.WatchConfig;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.fs.InotifyWatchBackend;
import io.syncfleet.watcher.fs.JdkWatchBackend;
import io.syncfleet.watcher.fs.WatchBackend;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code watch.backend}: picks the watch backend and logs why. */
final class BackendSelector {

    private static final Logger log = LoggerFactory.getLogger(BackendSelector.class);

    private BackendSelector() {
    }

    /**
     * The backend {@code watch.backend} asks for: {@code auto} is inotify where JNA loads and
     * {@code inotify_init1} works, else the JDK WatchService.
     *
     * @throws WatcherException when {@code inotify} is asked for and is not available
     */
    static WatchBackend select(SyncfleetConfig config, ExcludeFilter excludes) {
        WatchConfig watch = config.watch();
        Path baseDir = config.source().baseDir();
        Optional<String> inotifyMissing = switch (watch.backend()) {
            case JDK -> Optional.of("watch.backend is jdk");
            case AUTO, INOTIFY -> InotifyWatchBackend.unavailableReason();
        };
        if (inotifyMissing.isEmpty()) {
            log.info("watch backend [{}] chosen: watch.backend is {} and inotify works here (JNA loaded, inotify_init1"
                    + " succeeded)", InotifyWatchBackend.NAME, watch.backend().name().toLowerCase(Locale.ROOT));
            return new InotifyWatchBackend(baseDir, excludes, watch.raiseLimits());
        }
        String why = inotifyMissing.get();
        switch (watch.backend()) {
            case INOTIFY -> throw new WatcherException("watch.backend: inotify is not available here (" + why
                    + "); set watch.backend to auto or jdk");
            case AUTO -> log.info("watch backend [{}] chosen: watch.backend is auto and inotify is not available here"
                    + " ({})", JdkWatchBackend.NAME, why);
            default -> log.info("watch backend [{}] chosen: {}", JdkWatchBackend.NAME, why);
        }
        if (watch.raiseLimits()) {
            log.info("watch.raiseLimits is ignored: it applies to the inotify backend only");
        }
        return new JdkWatchBackend(baseDir, excludes);
    }
}

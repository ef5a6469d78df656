package io.syncfleet.watcher.app;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.WatchBackendType;
import io.syncfleet.common.config.WatchConfig;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.fs.FanotifyWatchBackend;
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
     * The backend {@code watch.backend} asks for: {@code auto} is fanotify where {@code fanotify_init}
     * and a file-system mark of {@code source.baseDir} work (CAP_SYS_ADMIN, Linux 5.9+), else inotify
     * where JNA loads and {@code inotify_init1} works, else the JDK WatchService.
     *
     * @throws WatcherException when {@code fanotify} or {@code inotify} is asked for and is not available
     */
    static WatchBackend select(SyncfleetConfig config, ExcludeFilter excludes) {
        WatchConfig watch = config.watch();
        Path baseDir = config.source().baseDir();
        String asked = watch.backend().name().toLowerCase(Locale.ROOT);
        Optional<String> fanotifyMissing = switch (watch.backend()) {
            case AUTO, FANOTIFY -> FanotifyWatchBackend.unavailableReason(baseDir);
            default -> Optional.of("watch.backend is " + asked);
        };
        if (fanotifyMissing.isEmpty()) {
            log.info("watch backend [{}] chosen: watch.backend is {} and fanotify works here (fanotify_init with"
                    + " FAN_REPORT_DFID_NAME and a file-system mark of [{}] succeeded)", FanotifyWatchBackend.NAME,
                    asked, baseDir);
            ignoredRaiseLimits(watch, FanotifyWatchBackend.NAME);
            return new FanotifyWatchBackend(baseDir, excludes);
        }
        if (watch.backend() == WatchBackendType.FANOTIFY) {
            throw new WatcherException("watch.backend: fanotify is not available here (" + fanotifyMissing.get()
                    + "); set watch.backend to auto, inotify or jdk");
        }
        String notFanotify = watch.backend() == WatchBackendType.AUTO ? "; fanotify is not (" + fanotifyMissing.get()
                + ")" : "";
        Optional<String> inotifyMissing = switch (watch.backend()) {
            case JDK -> Optional.of("watch.backend is jdk");
            default -> InotifyWatchBackend.unavailableReason();
        };
        if (inotifyMissing.isEmpty()) {
            log.info("watch backend [{}] chosen: watch.backend is {} and inotify works here (JNA loaded, inotify_init1"
                    + " succeeded){}", InotifyWatchBackend.NAME, asked, notFanotify);
            return new InotifyWatchBackend(baseDir, excludes, watch.raiseLimits());
        }
        String why = inotifyMissing.get();
        switch (watch.backend()) {
            case INOTIFY -> throw new WatcherException("watch.backend: inotify is not available here (" + why
                    + "); set watch.backend to auto or jdk");
            case AUTO -> log.info("watch backend [{}] chosen: watch.backend is auto and inotify is not available here"
                    + " ({}){}", JdkWatchBackend.NAME, why, notFanotify);
            default -> log.info("watch backend [{}] chosen: {}", JdkWatchBackend.NAME, why);
        }
        ignoredRaiseLimits(watch, JdkWatchBackend.NAME);
        return new JdkWatchBackend(baseDir, excludes);
    }

    private static void ignoredRaiseLimits(WatchConfig watch, String backend) {
        if (watch.raiseLimits()) {
            log.info("watch.raiseLimits is ignored with [{}]: it applies to the inotify backend only", backend);
        }
    }
}

package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.RelPath;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Recursive watching of directories below {@code source.baseDir}: {@link InotifyWatchBackend} (Linux
 * inotify through JNA, fast setup, files reported when closed after writing) or the portable
 * {@link JdkWatchBackend} (JDK WatchService); {@code watch.backend} chooses.
 *
 * <p>Contract: every directory below each root is watched, except excluded ones and except what is
 * behind a symlink; a directory that appears later is watched and scanned at once, and every entry
 * found inside it is reported as CREATE; when events may have been lost for a directory, an OVERFLOW
 * of that directory is reported. Excluded paths are never reported.
 */
public interface WatchBackend extends AutoCloseable {

    /** Short name for status and logs: {@code inotify} or {@code jdk-watchservice}. */
    String name();

    /**
     * Registers every directory under {@code roots} and starts reporting to {@code listener};
     * returns when the initial registration is complete. Events may reach the listener before
     * this returns.
     *
     * @throws IOException when watching cannot start (e.g. the inotify watch limit is reached);
     *         the message says what to do
     */
    void start(List<RelPath> roots, WatchListener listener) throws IOException;

    /**
     * A time (wall clock, ms) such that every change made before it has been handed to the listener:
     * the watcher's manifest relies on it. Empty when this backend cannot prove one (then no manifest
     * is kept and every start publishes a RESCAN); 0 until it has proven one.
     */
    default OptionalLong drainedUpToMillis() {
        return OptionalLong.empty();
    }

    /** Directories currently watched. */
    long watchedDirectories();

    /** Stops watching and releases the OS resources; idempotent. */
    @Override
    void close();
}

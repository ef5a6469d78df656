package io.syncfleet.common.config;

/** {@code watch.backend}: how the watcher agent learns about changes. */
public enum WatchBackendType {
    /** inotify through JNA where it loads and works (Linux), else the JDK WatchService. */
    AUTO,
    /** The JDK WatchService: portable, slower to set up on big trees. */
    JDK,
    /** Linux inotify through JNA; the watcher does not start where it is unavailable. */
    INOTIFY
}

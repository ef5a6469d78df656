package io.syncfleet.common.config;

/** {@code watch.backend}: how the watcher agent learns about changes. */
public enum WatchBackendType {
    /** fanotify where it works (root, Linux 5.9+), else inotify through JNA where it works, else the JDK WatchService. */
    AUTO,
    /** The JDK WatchService: portable, slower to set up on big trees. */
    JDK,
    /** Linux inotify through JNA; the watcher does not start where it is unavailable. */
    INOTIFY,
    /** Linux fanotify with a file-system mark (root or CAP_SYS_ADMIN, Linux 5.9+); the watcher does not start where it is unavailable. */
    FANOTIFY
}

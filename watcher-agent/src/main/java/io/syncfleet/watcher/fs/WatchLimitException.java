package io.syncfleet.watcher.fs;

import java.io.IOException;

/** The kernel refused another inotify watch; the message says which limit to raise and how. */
public final class WatchLimitException extends IOException {

    private static final long serialVersionUID = 1L;

    WatchLimitException(String advice, IOException cause) {
        super(advice, cause);
    }

    WatchLimitException(String advice) {
        super(advice);
    }
}

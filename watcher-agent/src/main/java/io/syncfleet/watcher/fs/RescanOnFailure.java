package io.syncfleet.watcher.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * What a native backend's event loop ({@link EventReader}) does when it fails: every root is reported
 * as OVERFLOW so that it is rescanned. Events that could not be handled are logged and the loop goes
 * on; a {@code poll} or {@code read} that failed for good is logged and the loop has ended (no more
 * changes are seen). Once the backend is closed, a failure only ends the loop, and is not logged.
 */
final class RescanOnFailure implements EventReader.Failure {

    /** Handling one read's worth of events. */
    @FunctionalInterface
    interface Handling {
        void run() throws IOException;
    }

    private final String backend;
    private final Logger log;
    private final BooleanSupplier closed;
    private final Object roots;
    private final Runnable reportRootsOverflowed;

    /**
     * @param backend the backend's name in log lines ({@code inotify}, {@code fanotify})
     * @param log the backend's logger
     * @param roots the watched roots, as log lines name them
     * @param reportRootsOverflowed reports every root as OVERFLOW to the listener
     */
    RescanOnFailure(String backend, Logger log, BooleanSupplier closed, Object roots, Runnable reportRootsOverflowed) {
        this.backend = backend;
        this.log = log;
        this.closed = closed;
        this.roots = roots;
        this.reportRootsOverflowed = reportRootsOverflowed;
    }

    /** Runs {@code handling}; false, to stop the loop, when interrupted or when it failed after close. */
    boolean handle(Handling handling) {
        try {
            handling.run();
        } catch (InterruptedIOException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            if (closed.getAsBoolean()) {
                return false;
            }
            log.error("{} events could not be handled ({}); reporting {} as overflowed so they are rescanned",
                    backend, e.toString(), roots, e);
            reportRootsOverflowed.run();
        }
        return true;
    }

    @Override
    public void failed(String call, int errno) {
        if (!closed.getAsBoolean()) {
            log.error("{} on the {} descriptor failed ({}): no more changes are seen; reporting {} for a rescan,"
                    + " restart the watcher", call, backend, LibC.errnoName(errno), roots);
            reportRootsOverflowed.run();
        }
    }
}

package io.syncfleet.watcher.app;

/**
 * The watcher cannot run as configured. The message is one line that names the config key and the
 * path at fault, e.g. {@code source.paths[1]: [/data/www/template] does not exist}, fit to show a
 * user without a stack trace.
 */
public final class WatcherException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WatcherException(String message) {
        super(message);
    }

    public WatcherException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.syncfleet.app;

/**
 * A problem the user can fix: bad config, a missing binary or directory, an unreachable host. The CLI
 * prints its message as is, without a stack trace, and exits with {@link #exitCode()}.
 */
public final class UserError extends RuntimeException {

    private final int exitCode;

    public UserError(String message) {
        this(message, 2);
    }

    public UserError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

package io.syncfleet.keeper.process;

import java.util.Objects;

/**
 * How one run of a command ended.
 *
 * @param exitCode the exit code, or -1 when it was killed at its deadline
 * @param timedOut true when it was killed at its deadline
 * @param stdout its standard output, up to the runner's limit
 * @param stderr its standard error, up to the runner's limit
 */
public record CommandResult(int exitCode, boolean timedOut, String stdout, String stderr) {

    public CommandResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** True when it finished in time with exit 0. */
    public boolean ok() {
        return !timedOut && exitCode == 0;
    }

    /** The last non-blank line of stderr, shortened, for a log line; empty if none. */
    public String lastErrorLine() {
        String[] lines = stderr.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        return last.length() > 200 ? last.substring(0, 200) + "..." : last;
    }
}

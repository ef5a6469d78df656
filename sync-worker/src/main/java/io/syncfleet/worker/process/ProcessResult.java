package io.syncfleet.worker.process;

import java.util.Objects;

/**
 * How a program run ended.
 *
 * @param exitCode the exit code; -1 when the program could not be started
 * @param stdout the last bytes of its standard output (at most {@link LocalProcessRunner#TAIL_BYTES})
 * @param stderr the last bytes of its standard error, plus the runner's note when it killed the program
 * @param durationMillis wall time from start to exit
 */
public record ProcessResult(int exitCode, String stdout, String stderr, long durationMillis) {
    public ProcessResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }
}

package io.syncfleet.keeper.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Runs a short command to its end or its deadline. {@link LocalProcessRunner} runs it on this machine. */
@FunctionalInterface
public interface ProcessRunner {

    /**
     * Runs {@code command} (argv; no shell) with stdin empty, and kills it with its children when it
     * outlives {@code timeout}.
     *
     * @throws IOException when it cannot be started
     */
    Result run(List<String> command, Duration timeout) throws IOException, InterruptedException;

    /**
     * @param exitCode the exit code, or -1 when it was killed at the deadline
     * @param timedOut true when it was killed at the deadline
     * @param output stdout and stderr together, the first few KiB
     */
    record Result(int exitCode, boolean timedOut, String output) {
        public Result {
            Objects.requireNonNull(output, "output");
        }
    }
}

package io.syncfleet.keeper.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a command to its end or its deadline: the ssh probe, {@code targets.command} and state-change hooks.
 * {@link LocalCommandRunner} runs it on this machine; passed in through constructors so that tests can script it.
 */
@FunctionalInterface
public interface CommandRunner {

    /**
     * Runs {@code argv} (no shell) with stdin empty and {@code env} on top of the keeper's environment, and
     * kills it with its children when it outlives {@code timeout}.
     *
     * @throws IOException when it cannot be started (no such program, not executable)
     */
    CommandResult run(List<String> argv, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException;

    /**
     * Like {@link #run(List, Map, Duration)}, with {@code input} written to the command's stdin, which is then
     * closed (alerts get their JSON this way). A command that exits without reading it all is no error. A
     * runner that cannot feed stdin (a scripted one) runs the command only when the input is empty.
     */
    default CommandResult run(List<String> argv, Map<String, String> env, byte[] input, Duration timeout)
            throws IOException, InterruptedException {
        if (input.length > 0) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot write to stdin");
        }
        return run(argv, env, timeout);
    }
}

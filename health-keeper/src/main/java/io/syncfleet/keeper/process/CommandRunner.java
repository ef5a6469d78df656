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
     * Like {@link #run(List, Map, Duration)}, with {@code stdin} fed to the command (a command that does not
     * read it all is not an error). Runners that cannot feed input accept only an empty one.
     */
    default CommandResult run(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout)
            throws IOException, InterruptedException {
        if (stdin.length > 0) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot feed stdin");
        }
        return run(argv, env, timeout);
    }
}

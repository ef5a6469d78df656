package io.syncfleet.worker.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs an external program to completion. Passed in through constructors so that tests can script it. */
public interface ProcessRunner {

    /**
     * Runs {@code argv} in {@code cwd}, feeding {@code stdin}, and waits for it to end.
     *
     * @param hardTimeout the process is killed when it runs longer than this
     * @return the result; exit code -1 with the reason in {@code stderr} when the program could not be started.
     *         Never throws for a failing program.
     */
    ProcessResult run(List<String> argv, Path cwd, byte[] stdin, Duration hardTimeout);
}

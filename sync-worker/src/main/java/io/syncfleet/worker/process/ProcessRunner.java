package io.syncfleet.worker.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

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

    /**
     * Like {@link #run(List, Path, byte[], Duration)}, and hands each line of standard output (ended by
     * {@code \n} or {@code \r}, as rsync's progress is) to {@code stdoutLines}. A runner that can stream does
     * so while the program runs, on an I/O thread; this default hands the lines over after it ended.
     */
    default ProcessResult run(List<String> argv, Path cwd, byte[] stdin, Duration hardTimeout,
                              Consumer<String> stdoutLines) {
        ProcessResult r = run(argv, cwd, stdin, hardTimeout);
        OutputLines.replay(r.stdout(), stdoutLines);
        return r;
    }
}

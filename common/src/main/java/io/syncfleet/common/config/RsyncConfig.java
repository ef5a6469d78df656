package io.syncfleet.common.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code rsync.*}.
 *
 * @param binary the rsync executable (name on PATH or absolute path)
 * @param extraArgs appended to every rsync command line
 * @param timeout rsync's I/O timeout ({@code --timeout}); also bounds the connect ({@code --contimeout})
 * @param maxProcesses rsync processes at once, per worker
 * @param maxInit initial full syncs at once, per worker
 * @param maxRecovery recovery full syncs at once, per worker
 * @param launcher true to start rsync from a launcher process rather than the worker's JVM
 */
public record RsyncConfig(String binary, List<String> extraArgs, Duration timeout, int maxProcesses, int maxInit,
                          int maxRecovery, boolean launcher) {
    public RsyncConfig {
        extraArgs = List.copyOf(extraArgs);
    }
}

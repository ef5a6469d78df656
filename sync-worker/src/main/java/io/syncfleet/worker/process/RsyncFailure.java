package io.syncfleet.worker.process;

import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.path.RelPath;
import java.util.List;
import java.util.Objects;

/**
 * One rsync run that did not end OK, as written to the rsync error log.
 *
 * @param atMillis when it ended
 * @param targetId the target
 * @param full true for a full sync of {@code paths.get(0)}, false for a push of the listed paths
 * @param paths the paths rsync named as failed, or else every path the run listed (or its root)
 * @param exitCode rsync's exit code, -1 when it could not be started
 * @param outcome the classification
 * @param reason the classification's reason
 * @param stderr the tail of rsync's stderr
 */
public record RsyncFailure(long atMillis, String targetId, boolean full, List<String> paths, int exitCode,
                           SyncOutcome outcome, String reason, String stderr) {

    public RsyncFailure {
        Objects.requireNonNull(targetId, "targetId");
        paths = List.copyOf(paths);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** The failed paths when rsync named any, else the listed ones, in their lossless text form. */
    static List<String> pathsOf(List<String> failed, List<RelPath> listed) {
        return failed.isEmpty() ? listed.stream().map(RelPath::encoded).toList() : failed;
    }

    /** Where rsync failures are recorded ({@code rsync-errors-YYYY-MM-DD.log}); must not throw. */
    @FunctionalInterface
    public interface Sink {
        void record(RsyncFailure failure);
    }
}

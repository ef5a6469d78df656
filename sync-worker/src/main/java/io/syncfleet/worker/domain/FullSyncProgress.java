package io.syncfleet.worker.domain;

import java.util.Objects;

/**
 * Where a running full sync of one target stands, for {@code /status}, the dashboard and the log.
 *
 * @param root the root being synced ({@code .} for the whole base)
 * @param startedAtMillis when its rsync started
 * @param updatedAtMillis when rsync last reported progress (the start until its first report)
 * @param rsync rsync's last progress line, or null before the first one
 */
public record FullSyncProgress(String root, long startedAtMillis, long updatedAtMillis, RsyncProgress rsync) {

    public FullSyncProgress {
        Objects.requireNonNull(root, "root");
    }

    public static FullSyncProgress started(String root, long nowMillis) {
        return new FullSyncProgress(root, nowMillis, nowMillis, null);
    }

    /** This sync after rsync reported {@code latest} at {@code nowMillis}. */
    public FullSyncProgress with(RsyncProgress latest, long nowMillis) {
        return new FullSyncProgress(root, startedAtMillis, nowMillis, latest);
    }

    /** For the log: {@code full sync of [site] for 12 s: 1,200/1,241 files checked, ...}. */
    public String describe(long nowMillis) {
        long secs = Math.max(0, nowMillis - startedAtMillis) / 1000;
        return "full sync of [" + root + "] for " + secs + " s: "
                + (rsync == null ? "no progress reported yet" : rsync.describe());
    }
}

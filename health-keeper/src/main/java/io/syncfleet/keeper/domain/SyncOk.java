package io.syncfleet.keeper.domain;

/**
 * A worker's live sync reached the target: rsync connected and the sync ended OK or PARTIAL at
 * {@code finishedAtMillis} (the worker's clock). For a ready target that is as good as a passed probe, so
 * its next probe moves to one interval after the sync. A target that keeps getting changes is then probed
 * only once it has been idle for an interval, which spares it a connection (and its daemon a fork) every
 * few seconds; a target that stops answering is still found by the next failed sync or by that probe.
 *
 * @param finishedAtMillis when the sync ended
 */
public record SyncOk(long finishedAtMillis) implements Signal {
}

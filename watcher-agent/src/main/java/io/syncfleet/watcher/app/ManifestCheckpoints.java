package io.syncfleet.watcher.app;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.ManifestDiff;
import io.syncfleet.watcher.domain.ManifestEntry;
import io.syncfleet.watcher.fs.ManifestStore;
import io.syncfleet.watcher.fs.TreeScan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the watcher's manifest ({@code watch.stateDir}), so a restart publishes only what changed
 * while no watcher ran instead of a RESCAN of every root.
 *
 * <p><b>The invariant:</b> a manifest never claims a state that the targets might not have been sent.
 * A manifest is a walk of the tree ({@code lstat} of every entry, with its ctime) plus a
 * <em>horizon</em> H: a time before which every change has been published and acknowledged by Kafka.
 * An entry is trusted only when its ctime lies before H (with {@link ManifestDiff#CLOCK_SLACK_NANOS}
 * of slack for the coarse kernel clock): the change that gave it that state was then published, after
 * it happened, so a worker rsyncs that state or a newer one. Any later change moves the ctime, so the
 * next start sees it. An untrusted entry is published again at the next start whatever it looks like.
 *
 * <p><b>Where H comes from</b> (the agent's {@code quietHorizon}): the backend proves a time D before
 * which every change has reached the agent ({@link io.syncfleet.watcher.fs.WatchBackend#drainedUpToMillis},
 * a read that found the inotify queue empty). When the agent then finds nothing pending (coalescer
 * empty, no window being handed over, nothing in flight or waiting for a retry), every change before D
 * is acknowledged, so D is a horizon. This only starts once the start's own publication (the diff, or
 * the RESCAN) is queued, which covers what changed while no watcher ran. A backend that cannot prove
 * D (jdk) keeps no manifest.
 *
 * <p><b>When it is written:</b> the walk done at start for the diff is saved as soon as the agent
 * first finds a horizon. With no usable manifest there is nothing to compare: the start publishes its
 * RESCAN without walking, and the first walk runs once the agent has a horizon, like a checkpoint
 * (walking a large tree first held the RESCAN back, so a new fleet's targets began their first full
 * sync before it and then ran a second one for it). Then every {@code watch.checkpoint} a new walk is
 * saved with the latest horizon; a clean stop saves one last walk after every batch is acknowledged. Writes are atomic
 * ({@link ManifestStore}). A crash between checkpoints loses nothing: what changed after the saved
 * horizon has a newer ctime and is published again at the next start.
 *
 * <p><b>Known limit:</b> the inotify backend reports a written file when it is closed. A file written,
 * then left open and idle for longer than the slack, then closed after a checkpoint, and the watcher
 * killed before that close's batch is acknowledged, is trusted at its last write's ctime and not
 * published at the next start.
 *
 * <p>Thread-safe: every method is synchronized; the walks run on the caller's thread.
 */
final class ManifestCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(ManifestCheckpoints.class);

    private final ManifestStore store;
    private final TreeScan scan;
    private final List<RelPath> roots;
    private final LongSupplier horizon;
    private volatile long lostAtNanos = Long.MIN_VALUE;
    private long pendingBegan;
    private ManifestStore.Writer pending;
    private boolean firstWalkDue;

    /**
     * @param horizon the agent's current horizon, 0 while it has none
     */
    ManifestCheckpoints(ManifestStore store, TreeScan scan, List<RelPath> roots, LongSupplier horizon) {
        this.store = Objects.requireNonNull(store, "store");
        this.scan = Objects.requireNonNull(scan, "scan");
        this.roots = List.copyOf(roots);
        this.horizon = Objects.requireNonNull(horizon, "horizon");
    }

    /** Whether a manifest file is there, so that {@link #startDiff} will walk to compare (the file is not read). */
    boolean hasSaved() {
        return store.exists();
    }

    /**
     * Walks the tree and compares it with the saved manifest, keeping the walk as the pending manifest.
     * Without a usable saved manifest nothing is walked: the first walk is due once there is a horizon
     * ({@link #commitPending}).
     *
     * @return the paths that changed while no watcher ran, in subtree order; empty when there is no
     *         usable saved manifest (the caller publishes a RESCAN)
     * @throws IOException when the tree cannot be walked (the caller publishes a RESCAN)
     */
    synchronized Optional<List<RelPath>> startDiff() throws IOException {
        long began = System.nanoTime();
        pendingBegan = began;
        Optional<ManifestStore.Saved> saved = store.open();
        closePending();
        if (saved.isEmpty()) {
            firstWalkDue = true;
            log.info("no usable manifest: the first one is walked once the start's RESCAN is out");
            return Optional.empty();
        }
        List<RelPath> changed = new ArrayList<>();
        ManifestStore.Writer w = store.create();
        try {
            changed.addAll(rootsWithNewListings(saved.get().horizonMillis()));
            ManifestDiff diff = new ManifestDiff(saved.get().entries(), saved.get().horizonMillis(), changed::add);
            scan.scan(roots, e -> {
                diff.current(e);
                w.add(e);
            });
            diff.finish();
            log.info("compared [{}] entries with the manifest of [{}] entries in [{}] ms: [{}] paths changed while"
                    + " no watcher ran, [{}] of them gone; publishing only those", w.count(),
                    saved.get().entryCount(), ms(began), diff.reported(), diff.deleted());
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
        pending = w;
        return Optional.of(changed);
    }

    /**
     * The roots whose own listing changed after the saved manifest's horizon. Roots are not manifest entries,
     * so nothing else reports them; published, they get their entries reconciled on the targets, which
     * deletes what was created there, synced, and deleted while no watcher ran (no event names it).
     */
    private List<RelPath> rootsWithNewListings(long horizonMillis) throws IOException {
        List<RelPath> out = new ArrayList<>();
        for (RelPath root : roots) {
            Optional<ManifestEntry> now = scan.root(root);
            if (now.isPresent() && now.get().isDirectory() && !ManifestDiff.trusted(now.get(), horizonMillis)) {
                out.add(root);
            }
        }
        return out;
    }

    /**
     * Saves the walk of {@link #startDiff} once the agent has a horizon; after a start without a usable
     * manifest, walks and saves the first one then.
     *
     * @return true when nothing is left pending
     */
    synchronized boolean commitPending() throws IOException {
        if (firstWalkDue) {
            if (horizon.getAsLong() == 0) {
                return false;
            }
            checkpoint(); // one attempt: if it is not saved, the checkpoints' cadence takes over
            return true;
        }
        if (pending == null) {
            return true;
        }
        long h = horizon.getAsLong();
        if (h == 0) {
            return false;
        }
        commit(pending, h, pendingBegan);
        pending = null;
        return true;
    }

    /**
     * Walks the tree and saves it with the latest horizon; nothing is saved when the agent has none
     * yet (the saved manifest stays, still true).
     */
    synchronized void checkpoint() throws IOException {
        long began = System.nanoTime();
        closePending();
        firstWalkDue = false;
        try (ManifestStore.Writer w = store.create()) {
            scan.scan(roots, w::add);
            long h = horizon.getAsLong();
            if (h == 0) {
                log.info("manifest checkpoint skipped: no moment yet when everything seen was acknowledged");
                return;
            }
            commit(w, h, began);
        }
    }

    synchronized void close() {
        closePending();
    }

    /**
     * Events were lost (a queue overflow): the watcher's RESCAN will bring the targets back, but if it dies
     * before that RESCAN is out, the next start must not trust a manifest: a diff finds what changed, not what
     * was created, synced and deleted again unseen. So the saved manifest is deleted now (not under the
     * monitor: a checkpoint may be walking), and no walk begun before now is saved; the next checkpoint after
     * the RESCAN writes a new one.
     */
    void eventsLost() {
        lostAtNanos = System.nanoTime();
        try {
            if (store.discard()) { // once per loss, not once per overflow of a storm
                log.info("events were lost: the manifest [{}] is discarded until the next checkpoint (a start"
                        + " before that publishes a RESCAN)", store.file());
            }
        } catch (IOException e) {
            log.warn("events were lost but the manifest [{}] cannot be deleted ({}): a start before the next"
                    + " checkpoint may miss deletions", store.file(), e.toString());
        }
    }

    private void commit(ManifestStore.Writer w, long h, long began) throws IOException {
        if (began <= lostAtNanos) {
            w.close();
            log.info("manifest walk not saved: events were lost after it began");
            return;
        }
        w.commit(h);
        log.info("saved the manifest of [{}] entries to [{}] in [{}] ms (horizon [{}])", w.count(), store.file(),
                ms(began), java.time.Instant.ofEpochMilli(h));
    }

    private void closePending() {
        if (pending != null) {
            pending.close();
            pending = null;
        }
    }

    private static long ms(long began) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    }
}

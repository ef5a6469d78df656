package io.syncfleet.watcher.domain;

import io.syncfleet.common.path.RelPath;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Compares the tree as it is now with the manifest saved before, in one pass over both, and reports
 * what a target may lack. No I/O: the caller feeds the current entries and hands over the saved ones.
 *
 * <p>Both sides must come in {@link SubtreeOrder}: a directory, then its subtree, then its next
 * sibling. A path is reported when it is new, when its state differs ({@link ManifestEntry#sameStateAs}),
 * when the saved entry is not {@linkplain #trusted trusted}, or when it is gone; of a gone subtree only
 * its top is reported (the workers delete it with everything below), and a directory replaced by a
 * non-directory hides its old subtree the same way.
 *
 * <p>Trust: the manifest was written with a horizon: every change that happened before it had been
 * published and acknowledged. A saved entry whose ctime is not at least {@link #CLOCK_SLACK_NANOS}
 * before the horizon may record a state that was never published, so it is reported as changed
 * whatever it looks like now. The slack covers the coarse kernel clock ctime is read from (a tick,
 * a few ms) with a wide margin; it does not cover a wall clock stepped backwards.
 */
public final class ManifestDiff {

    /** How far before the horizon a ctime must lie for its entry to be trusted. */
    public static final long CLOCK_SLACK_NANOS = 1_000_000_000L;

    private final Iterator<ManifestEntry> saved;
    private final long horizonMillis;
    private final Consumer<RelPath> changed;
    private ManifestEntry next;
    private RelPath hidden;
    private long reported;
    private long deleted;

    /**
     * @param saved the saved manifest's entries, in {@link SubtreeOrder}
     * @param horizonMillis the saved manifest's horizon
     * @param changed receives every path to publish, in {@link SubtreeOrder}
     */
    public ManifestDiff(Iterator<ManifestEntry> saved, long horizonMillis, Consumer<RelPath> changed) {
        this.saved = Objects.requireNonNull(saved, "saved");
        this.horizonMillis = horizonMillis;
        this.changed = Objects.requireNonNull(changed, "changed");
        this.next = saved.hasNext() ? saved.next() : null;
    }

    /** True when {@code e}, saved in a manifest with horizon {@code horizonMillis}, may be believed. */
    public static boolean trusted(ManifestEntry e, long horizonMillis) {
        return e.ctimeNanos() < Math.multiplyExact(horizonMillis, 1_000_000L) - CLOCK_SLACK_NANOS;
    }

    /** The next entry of the tree as it is now. */
    public void current(ManifestEntry now) {
        while (next != null && SubtreeOrder.INSTANCE.compare(next.path(), now.path()) < 0) {
            gone(advance());
        }
        if (next != null && next.path().equals(now.path())) {
            ManifestEntry before = advance();
            if (before.isDirectory() && !now.isDirectory()) {
                hidden = now.path(); // the push of the new entry replaces the old subtree
            }
            if (!before.sameStateAs(now) || !trusted(before, horizonMillis)) {
                report(now.path());
            }
        } else {
            report(now.path());
        }
    }

    /** Reports what is left of the saved manifest as gone; call once, after the last current entry. */
    public void finish() {
        while (next != null) {
            gone(advance());
        }
    }

    /** Paths reported, deletions included. */
    public long reported() {
        return reported;
    }

    /** Of {@link #reported()}, the tops of gone subtrees. */
    public long deleted() {
        return deleted;
    }

    private ManifestEntry advance() {
        ManifestEntry e = next;
        next = saved.hasNext() ? saved.next() : null;
        return e;
    }

    private void gone(ManifestEntry e) {
        if (hidden != null && hidden.contains(e.path())) {
            return;
        }
        hidden = e.path();
        deleted++;
        report(e.path());
    }

    private void report(RelPath p) {
        reported++;
        changed.accept(p);
    }
}

package io.syncfleet.watcher.domain;

import io.syncfleet.common.path.RelPath;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Collects changed paths into windows of {@code watch.delay}, optionally holding each path until it
 * has been quiet for {@code watch.settle}. No I/O, no threads, no clock of its
 * own: the caller passes the time it read from its {@link java.time.Clock}, and must serialize calls.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A window opens at the first event after the previous one was drained and is due exactly
 *       {@code delay} later (a fixed window, not a sliding one: a steady stream of events still gets
 *       published every {@code delay}).</li>
 *   <li>Paths keep first-seen order and appear once; the window's observed time is its first event's.</li>
 *   <li>A rescan of a directory supersedes every path and rescan below it in the same window, whether
 *       they came before or after it. Rescans therefore collapse to a handful of roots even when an
 *       inotify queue overflow reports every watched directory at once; they do not count towards the
 *       size limit.</li>
 *   <li>When a window reaches {@code maxPaths} changed paths it closes at once and is due immediately;
 *       the next event opens a new window.</li>
 *   <li>Created-then-deleted paths are kept: workers sync state, and rsync of a missing path deletes it
 *       on the target if it got there, which is what we want.</li>
 *   <li>With a settle time, a changed path is held until it has had no event for that long (every
 *       event restarts its wait), then it joins the open window like a new event; the window's observed
 *       time is then the release time. Rescans are never held. {@link #drainAll} releases every held
 *       path at once.</li>
 * </ul>
 */
public final class Coalescer {

    public static final int DEFAULT_MAX_PATHS = 10_000;

    private final long delayMillis;
    private final long settleMillis;
    private final int maxPaths;
    /** Paths waiting to settle, by last event time, oldest first. */
    private final LinkedHashMap<RelPath, Long> held = new LinkedHashMap<>();
    private final Supplier<String> batchIds;
    private final Deque<Closed> closed = new ArrayDeque<>();
    private Open open;

    public Coalescer(Duration delay, int maxPaths) {
        this(delay, Duration.ZERO, maxPaths, () -> UUID.randomUUID().toString());
    }

    public Coalescer(Duration delay, int maxPaths, Supplier<String> batchIds) {
        this(delay, Duration.ZERO, maxPaths, batchIds);
    }

    /**
     * @param settle how long a path must be quiet before it joins a window; zero holds nothing
     * @param batchIds source of window ids; UUIDs in production
     */
    public Coalescer(Duration delay, Duration settle, int maxPaths, Supplier<String> batchIds) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(settle, "settle");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("watch.delay must not be negative, got " + delay);
        }
        if (settle.isNegative()) {
            throw new IllegalArgumentException("watch.settle must not be negative, got " + settle);
        }
        this.settleMillis = settle.toMillis();
        if (maxPaths < 1) {
            throw new IllegalArgumentException("maxPaths must be >= 1, got " + maxPaths);
        }
        this.delayMillis = delay.toMillis();
        this.maxPaths = maxPaths;
        this.batchIds = Objects.requireNonNull(batchIds, "batchIds");
    }

    /** Feeds one backend event: OVERFLOW becomes a rescan of its directory, anything else a changed path. */
    public void accept(PathEvent event, long nowMillis) {
        if (event.type() == PathEvent.Type.OVERFLOW) {
            rescan(event.path(), nowMillis);
        } else {
            add(event.path(), nowMillis);
        }
    }

    /** Records a changed path (held first when a settle time is set). */
    public void add(RelPath path, long nowMillis) {
        if (settleMillis > 0) {
            held.remove(path);
            held.put(path, nowMillis);
            return;
        }
        join(path, nowMillis);
    }

    private void join(RelPath path, long nowMillis) {
        Open w = openAt(nowMillis);
        if (w.coveredByRescan(path)) {
            return;
        }
        w.changed.add(path);
        if (w.changed.size() >= maxPaths) {
            closed.addLast(new Closed(w.toWindow(), nowMillis));
            open = null;
        }
    }

    /** Asks for a full resync of {@code root} (a directory, or {@link RelPath#BASE}). */
    public void rescan(RelPath root, long nowMillis) {
        Open w = openAt(nowMillis);
        if (!w.coveredByRescan(root)) {
            w.rescans.add(root);
        }
    }

    /** The next window whose time has come: a window closed early by size first, then the open one. */
    public Optional<Window> drainIfDue(long nowMillis) {
        release(nowMillis, false);
        if (!closed.isEmpty()) {
            return Optional.of(closed.removeFirst().window);
        }
        if (open != null && nowMillis >= open.openedAtMillis + delayMillis) {
            Window w = open.toWindow();
            open = null;
            return Optional.of(w);
        }
        return Optional.empty();
    }

    /** Every pending window, due or not, oldest first; leaves the coalescer empty (for shutdown). */
    public List<Window> drainAll() {
        release(Long.MIN_VALUE, true);
        List<Window> all = new ArrayList<>();
        while (!closed.isEmpty()) {
            all.add(closed.removeFirst().window);
        }
        if (open != null) {
            all.add(open.toWindow());
            open = null;
        }
        return all;
    }

    /** When {@link #drainIfDue} will next return a window, or empty when nothing is pending. */
    public OptionalLong nextDueMillis() {
        if (!closed.isEmpty()) {
            return OptionalLong.of(closed.peekFirst().closedAtMillis);
        }
        long due = Long.MAX_VALUE;
        if (open != null) {
            due = open.openedAtMillis + delayMillis;
        }
        if (!held.isEmpty()) {
            due = Math.min(due, held.values().iterator().next() + settleMillis);
        }
        return due == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(due);
    }

    public boolean isEmpty() {
        return open == null && closed.isEmpty() && held.isEmpty();
    }

    /** Paths held until they settle. */
    public int heldPaths() {
        return held.size();
    }

    /** Moves the held paths that have been quiet long enough (or all) into the open window. */
    private void release(long nowMillis, boolean all) {
        var it = held.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!all && e.getValue() + settleMillis > nowMillis) {
                return; // ordered by last event: the rest are younger
            }
            it.remove();
            join(e.getKey(), Math.max(nowMillis, e.getValue()));
        }
    }

    private Open openAt(long nowMillis) {
        if (open == null) {
            open = new Open(batchIds.get(), nowMillis);
        }
        return open;
    }

    private record Closed(Window window, long closedAtMillis) {
    }

    private static final class Open {
        final String batchId;
        final long openedAtMillis;
        final Set<RelPath> changed = new LinkedHashSet<>();
        final Set<RelPath> rescans = new LinkedHashSet<>();

        Open(String batchId, long openedAtMillis) {
            this.batchId = batchId;
            this.openedAtMillis = openedAtMillis;
        }

        /** True when {@code path} or a directory above it is to be rescanned: O(depth). */
        boolean coveredByRescan(RelPath path) {
            if (rescans.isEmpty()) {
                return false;
            }
            for (RelPath p = path; p != null; p = p.parent()) {
                if (rescans.contains(p)) {
                    return true;
                }
            }
            return false;
        }

        /** Drops what a rescan registered later made redundant, keeping first-seen order. */
        Window toWindow() {
            List<RelPath> roots = new ArrayList<>();
            for (RelPath r : rescans) {
                RelPath parent = r.parent();
                if (parent == null || !coveredByRescan(parent)) {
                    roots.add(r);
                }
            }
            List<RelPath> paths = new ArrayList<>(changed.size());
            for (RelPath p : changed) {
                if (!coveredByRescan(p)) {
                    paths.add(p);
                }
            }
            return new Window(batchId, paths, roots, openedAtMillis);
        }
    }
}

package io.syncfleet.worker.domain;

import io.syncfleet.common.config.DustbinConfig;
import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.path.RelPath;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When the paths of a partial sync are retried, and when they are given up on (parked).
 *
 * <ul>
 *   <li>A new entry waits {@code dustbin.retryInterval}.</li>
 *   <li>A retry that ends OK (or finds every path in place) makes the entry DONE.</li>
 *   <li>A retry that ends PARTIAL or FATAL_CONFIG counts: after attempt {@code n} the entry waits
 *       {@code retryInterval * 2^n}, at most {@link DustbinConfig#MAX_BACKOFF}; once {@code n} reaches
 *       {@code dustbin.maxAttempts} it is PARKED. A PARTIAL keeps only the paths that failed again.</li>
 *   <li>A retry that ends TARGET_DOWN does not count (the target's own catch-up covers the outage): the entry
 *       waits {@code retryInterval} again with its attempts unchanged.</li>
 *   <li>Unless the target has left the fleet ({@link #targetGone}): then the entry is DROPPED, since nothing
 *       would ever count its retries and it would be retried for ever.</li>
 * </ul>
 *
 * <p>Pure: time comes from the {@link Clock}, nothing is sent or stored here.
 */
public final class DustbinPolicy {

    /**
     * What a finished retry leads to.
     *
     * @param entry the entry's next record (publish it)
     * @param counted true when the retry counted against {@code dustbin.maxAttempts}
     */
    public record Decision(DustbinEntry entry, boolean counted) {
        public boolean parked() {
            return entry.state() == DustbinState.PARKED;
        }

        public boolean done() {
            return entry.state() == DustbinState.DONE;
        }

        public boolean dropped() {
            return entry.state() == DustbinState.DROPPED;
        }
    }

    private final DustbinConfig config;
    private final Clock clock;

    public DustbinPolicy(DustbinConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new WAITING entry for what a partial live sync of {@code work} could not send.
     *
     * @param failedPaths the classifier's failed paths (lossless text form); when none of them is a usable
     *                    relative path, every path and root of {@code work} is retried
     */
    public DustbinEntry open(String entryId, String targetId, String targetUrl, PendingWork work,
                             List<String> failedPaths, int exitCode, String error) {
        long now = clock.millis();
        List<RelPath> paths = parse(failedPaths);
        List<RelPath> roots = List.of();
        if (paths.isEmpty()) {
            paths = work.changedPaths();
            roots = work.rescanRoots();
        }
        return new DustbinEntry(DustbinEntry.SCHEMA_VERSION, entryId, targetId, targetUrl, paths, roots,
                work.batchIds(), DustbinState.WAITING, 0, now + config.retryInterval().toMillis(), now, now, exitCode,
                error);
    }

    /** True when a WAITING entry's next retry may run now. */
    public boolean isDue(DustbinEntry entry) {
        return entry.state() == DustbinState.WAITING && clock.millis() >= entry.notBeforeMillis();
    }

    /**
     * The entry's next record after a retry.
     *
     * @param failedPaths paths the retry reported failed (PARTIAL); empty means all of the entry's paths
     */
    public Decision afterRetry(DustbinEntry entry, SyncOutcome outcome, List<String> failedPaths, int exitCode,
                               String error) {
        long now = clock.millis();
        return switch (outcome) {
            case OK -> new Decision(entry.next(DustbinState.DONE, entry.attempts() + 1, 0, entry.paths(),
                    entry.rescanRoots(), 0, "", now), true);
            case TARGET_DOWN -> new Decision(entry.next(DustbinState.WAITING, entry.attempts(),
                    now + config.retryInterval().toMillis(), entry.paths(), entry.rescanRoots(), exitCode, error, now),
                    false);
            case PARTIAL, FATAL_CONFIG -> {
                int attempts = entry.attempts() + 1;
                List<RelPath> named = outcome == SyncOutcome.PARTIAL ? narrow(entry, failedPaths) : List.of();
                List<RelPath> still = named.isEmpty() ? entry.paths() : named;
                List<RelPath> roots = named.isEmpty() ? entry.rescanRoots() : List.of();
                if (attempts >= config.maxAttempts()) {
                    yield new Decision(entry.next(DustbinState.PARKED, attempts, 0, still, roots, exitCode, error, now),
                            true);
                }
                yield new Decision(entry.next(DustbinState.WAITING, attempts, now + backoff(attempts).toMillis(), still,
                        roots, exitCode, error, now), true);
            }
        };
    }

    /** An operator's retry: WAITING again, due now, attempts from zero. */
    public DustbinEntry requeue(DustbinEntry entry) {
        long now = clock.millis();
        return entry.withState(DustbinState.WAITING, 0, now, now);
    }

    /** A retry found the target down, and the target is no longer in the fleet: the entry is dropped. */
    public Decision targetGone(DustbinEntry entry, int exitCode) {
        return new Decision(entry.next(DustbinState.DROPPED, entry.attempts(), 0, entry.paths(), entry.rescanRoots(),
                exitCode, TARGET_GONE, clock.millis()), false);
    }

    /** The last error of an entry dropped by {@link #targetGone}. */
    public static final String TARGET_GONE = "its target is down and no longer in the fleet";

    /** An operator's drop. */
    public DustbinEntry drop(DustbinEntry entry) {
        long now = clock.millis();
        return entry.withState(DustbinState.DROPPED, entry.attempts(), 0, now);
    }

    /** Wait after retry number {@code attempts} failed: retryInterval * 2^attempts, at most 1 h. */
    public Duration backoff(int attempts) {
        Duration d = config.retryInterval();
        for (int i = 0; i < attempts && d.compareTo(DustbinConfig.MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(DustbinConfig.MAX_BACKOFF) > 0 ? DustbinConfig.MAX_BACKOFF : d;
    }

    /**
     * The failed paths that lie in the entry (one of its paths or below one of its roots); empty when the
     * failure named none of them, which means: retry the whole entry.
     */
    private static List<RelPath> narrow(DustbinEntry entry, List<String> failed) {
        List<RelPath> within = new ArrayList<>(entry.paths());
        within.addAll(entry.rescanRoots());
        List<RelPath> still = new ArrayList<>();
        for (RelPath p : parse(failed)) {
            if (within.stream().anyMatch(q -> q.contains(p))) {
                still.add(p);
            }
        }
        return still;
    }

    /** Failed paths that are usable relative paths; rsync may name absolute or odd ones, which are skipped. */
    static List<RelPath> parse(List<String> failed) {
        Set<RelPath> out = new LinkedHashSet<>();
        for (String f : failed) {
            try {
                RelPath p = RelPath.decode(f);
                if (!p.isBase()) {
                    out.add(p);
                }
            } catch (IllegalArgumentException e) {
                // an absolute path (outside source.baseDir) or one rsync printed oddly: retried via the fallback
            }
        }
        return List.copyOf(out);
    }
}

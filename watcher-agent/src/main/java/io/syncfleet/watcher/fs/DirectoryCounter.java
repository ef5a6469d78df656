package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.EntryType;
import io.syncfleet.watcher.domain.ExcludeFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the directories below the roots (roots included, excluded directories and what is behind a
 * symlink not), for a backend that watches without registering directories (fanotify). The first
 * count starts at {@link #start} and runs in the background; a directory created adds one at once,
 * and any change to the directory tree ({@link #treeChanged}) schedules a recount
 * {@value #SETTLE_MILLIS} ms after the last such change. A recount waits at least four times as long as
 * the previous one took, so a big tree with directories coming and going spends at most a fifth of a
 * walk thread's time counting.
 */
final class DirectoryCounter implements AutoCloseable {

    static final long SETTLE_MILLIS = 200;

    private static final Logger log = LoggerFactory.getLogger(DirectoryCounter.class);

    private record Visit(byte[] abs, RelPath rel) {
    }

    private final ExcludeFilter excludes;
    private final List<RelPath> roots;
    private final Function<RelPath, byte[]> absOf;
    private final ForkJoinPool pool;
    private final ScheduledExecutorService timer;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong walks = new AtomicLong();
    private final Object lock = new Object();
    private boolean counting; // guarded by lock
    private boolean dirty; // guarded by lock
    private long earliestNextNanos; // guarded by lock
    private volatile boolean closed;
    private boolean firstDone; // the timer thread's

    DirectoryCounter(List<RelPath> roots, ExcludeFilter excludes, Function<RelPath, byte[]> absOf, int threads) {
        this.roots = List.copyOf(roots);
        this.excludes = Objects.requireNonNull(excludes, "excludes");
        this.absOf = Objects.requireNonNull(absOf, "absOf");
        this.pool = new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("watcher-count-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "watcher-count");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /** Starts the first count in the background. */
    void start() {
        synchronized (lock) {
            counting = true;
        }
        timer.execute(this::count);
    }

    /** The directories counted, plus those created since the count began. */
    long directories() {
        return closed ? 0 : count.get();
    }

    /** Walks of the tree completed so far, the first count included. */
    long walks() {
        return walks.get();
    }

    /** A directory was created: counted at once, and checked by a recount. */
    void directoryCreated() {
        count.incrementAndGet();
        treeChanged();
    }

    /** Directories were deleted, moved or may have been: a recount is scheduled. */
    void treeChanged() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            dirty = true;
            if (!counting) {
                counting = true;
                long wait = Math.max(SETTLE_MILLIS, TimeUnit.NANOSECONDS.toMillis(earliestNextNanos - System.nanoTime()));
                timer.schedule(this::count, wait, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void count() {
        synchronized (lock) {
            dirty = false;
        }
        long began = System.nanoTime();
        AtomicLong found = new AtomicLong();
        List<Visit> starts = new ArrayList<>();
        for (RelPath root : roots) {
            starts.add(new Visit(absOf.apply(root), root));
        }
        DirectoryWalk<Visit> walk = new DirectoryWalk<>(pool, v -> visit(v, found));
        walk.start(starts);
        try {
            while (!walk.awaitDone(100)) {
                if (closed) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long took = System.nanoTime() - began;
        count.set(found.get());
        walks.incrementAndGet();
        if (firstDone) {
            log.debug("[{}] directories below {} counted again in [{}] ms", found.get(), roots,
                    TimeUnit.NANOSECONDS.toMillis(took));
        } else {
            firstDone = true;
            log.info("[{}] directories below {} counted in [{}] ms (they were watched from the start)", found.get(),
                    roots, TimeUnit.NANOSECONDS.toMillis(took));
        }
        synchronized (lock) {
            earliestNextNanos = System.nanoTime() + 4 * took;
            counting = false;
            if (dirty && !closed) {
                counting = true;
                timer.schedule(this::count, Math.max(SETTLE_MILLIS, TimeUnit.NANOSECONDS.toMillis(4 * took)),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    private List<Visit> visit(Visit v, AtomicLong found) throws IOException {
        if (closed) {
            return List.of();
        }
        List<Visit> subdirs = new ArrayList<>();
        int errno = DirListing.list(v.abs, (name, type) -> {
            boolean dir = type == DirListing.DT_DIR || (type == DirListing.DT_UNKNOWN
                    && FileTypes.lstat(RawPaths.child(v.abs, name)) == FileTypes.Kind.DIRECTORY);
            if (dir) {
                RelPath rel = v.rel.resolve(name);
                if (!excludes.excludesEntry(rel, EntryType.DIRECTORY)) {
                    subdirs.add(new Visit(RawPaths.child(v.abs, name), rel));
                }
            }
        });
        if (errno == 0) {
            found.incrementAndGet();
        }
        return subdirs;
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        timer.shutdownNow();
        pool.shutdownNow();
    }
}

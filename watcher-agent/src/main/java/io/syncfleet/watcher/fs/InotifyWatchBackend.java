package io.syncfleet.watcher.fs;

import static io.syncfleet.watcher.fs.InotifyEvent.IN_ATTRIB;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_CLOEXEC;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_CLOSE_WRITE;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_CREATE;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_DELETE;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_DELETE_SELF;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_DONT_FOLLOW;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_EXCL_UNLINK;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_IGNORED;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_ISDIR;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_MOVED_FROM;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_MOVED_TO;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_MOVE_SELF;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_NONBLOCK;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_ONLYDIR;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_Q_OVERFLOW;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_UNMOUNT;

import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.EntryType;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.domain.PathEvent;
import io.syncfleet.watcher.fs.WatchedDirs.Dir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WatchBackend} on Linux inotify, called through JNA ({@link LibC}): one watch per directory,
 * registered by a parallel walk.
 *
 * <p>How it keeps the contract:
 * <ul>
 *   <li><b>Setup</b> walks the roots on a fork-join pool, registering each directory before listing
 *       it ({@code getdents64}, raw names, the entry type from the directory itself: no stat per
 *       entry), so an entry created meanwhile is either listed or reported by the new watch. Symlinks
 *       are never followed ({@code IN_DONT_FOLLOW}, {@code O_NOFOLLOW}); excluded directories are not
 *       watched.</li>
 *   <li><b>Limits</b>: registering counts against {@code fs.inotify.max_user_watches}. When the tree
 *       does not fit, the walk goes on counting without registering and start fails with one line
 *       naming the exact {@code sysctl} to run; with {@code raiseLimits} (root) the limit is raised
 *       and registering goes on. {@code raiseLimits} also raises {@code max_queued_events} to
 *       {@value InotifyLimits#QUEUED_EVENTS_TARGET} before the instance is created.</li>
 *   <li><b>What is reported</b>: a regular file when it is closed after writing
 *       ({@code IN_CLOSE_WRITE}; {@code IN_MODIFY} is not watched, so a file being written is not
 *       pushed on every write), renamed in or out, deleted, or when its attributes change. A new
 *       entry that no close will follow is reported at {@code IN_CREATE}: symlinks, hard links,
 *       fifos and devices (one {@code lstat}).</li>
 *   <li><b>New directories</b> (created or moved in) are registered and walked at once, every entry
 *       found reported as CREATE.</li>
 *   <li><b>Renamed directories</b> keep their watches: a node of {@link WatchedDirs} is moved with
 *       its subtree when the new name is registered (the kernel returns the inode's existing watch).
 *       At {@code IN_MOVE_SELF} the directory's path is registered again: if that is no longer its
 *       watch, it left the watched tree (or took an excluded name), and its subtree's watches are
 *       removed.</li>
 *   <li><b>Overflow</b> ({@code IN_Q_OVERFLOW}: the kernel queue filled up and dropped events,
 *       anywhere) re-walks every root, which registers what is new, moves what was renamed, and drops
 *       the watches of what is gone; then every root is reported as OVERFLOW, so the rescan starts
 *       after the watches are whole again.</li>
 *   <li><b>Raw names</b>: paths are bytes from the kernel to {@link RelPath} and back, never Strings.</li>
 * </ul>
 *
 * <p>Known limits: an empty regular file created without being opened for writing ({@code mknod},
 * {@code O_RDONLY|O_CREAT}) or linked in from {@code O_TMPFILE} is reported only with the next change
 * or rescan, as is a file truncated by path with {@code truncate(2)}; a file kept open for writing
 * (a log) is reported when it is closed; a deleted or moved root is reported as DELETE and not watched
 * again until the watcher restarts.
 */
public final class InotifyWatchBackend implements WatchBackend {

    public static final String NAME = "inotify";
    public static final int DEFAULT_WALK_THREADS = 8;

    static final int WATCH_MASK = IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK;

    private static final Logger log = LoggerFactory.getLogger(InotifyWatchBackend.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int IDLE_POLL_MILLIS = 1000;
    private static final int GONE = -1;
    private static final int NO_ROOM = -2;
    private static volatile Optional<String> unavailable;

    /** A walk's purpose: what it reports, and what running out of watches means. */
    private enum Mode {
        /** The initial registration: reports nothing; out of watches, it counts on and start fails. */
        SETUP,
        /** A directory that appeared: everything in it is reported; out of watches, it is reported for a rescan. */
        REPORT,
        /** Repairing the watches after lost events: reports nothing (the roots are rescanned). */
        RECONCILE
    }

    /** A directory to register and list: below {@code parent}, or a root when {@code root}. */
    private record Visit(Dir parent, byte[] name, byte[] abs, boolean root) {
    }

    private final BaseDirPaths paths;
    private final RawPaths rawPaths;
    private final ExcludeFilter excludes;
    private final boolean raiseLimits;
    private final InotifyLimits limits;
    private final int walkThreads;
    private final WatchedDirs dirs = new WatchedDirs();

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong directoriesFound = new AtomicLong();
    private final AtomicBoolean limitLogged = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean setupOutOfWatches;
    private volatile long watchLimit = Long.MAX_VALUE;
    private volatile long usedElsewhere;
    private volatile long queueLimit = -1;
    private volatile int fd = -1;
    private volatile long drainedUpTo;
    private volatile int wakeFd = -1;
    private volatile WatchListener listener;
    private volatile List<RelPath> roots = List.of();
    private volatile ForkJoinPool pool;
    private volatile Thread eventThread;

    /** A backend on the kernel's limits, walking on {@value #DEFAULT_WALK_THREADS} threads. */
    public InotifyWatchBackend(Path baseDir, ExcludeFilter excludes, boolean raiseLimits) {
        this(baseDir, excludes, raiseLimits, InotifyLimits.system(), DEFAULT_WALK_THREADS);
    }

    /**
     * @param raiseLimits raise {@code max_user_watches} and {@code max_queued_events} where too low (root)
     * @param limits where the limits are read and raised
     * @param walkThreads threads that register and list directories
     */
    public InotifyWatchBackend(Path baseDir, ExcludeFilter excludes, boolean raiseLimits, InotifyLimits limits,
                               int walkThreads) {
        if (walkThreads < 1) {
            throw new IllegalArgumentException("walkThreads must be >= 1, got " + walkThreads);
        }
        this.paths = new BaseDirPaths(baseDir);
        this.rawPaths = new RawPaths(paths.baseDir());
        this.excludes = Objects.requireNonNull(excludes, "excludes");
        this.raiseLimits = raiseLimits;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.walkThreads = walkThreads;
    }

    /**
     * Why this backend cannot run here (no JNA, not x86-64 Linux, inotify refused), or empty when it
     * can: JNA loaded and {@code inotify_init1} worked. Probed once.
     */
    public static Optional<String> unavailableReason() {
        Optional<String> u = unavailable;
        if (u == null) {
            u = probe();
            unavailable = u;
        }
        return u;
    }

    private static Optional<String> probe() {
        try {
            int probeFd = LibC.inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
            if (probeFd < 0) {
                return Optional.of("inotify_init1 failed: " + initFailure(LibC.errno()));
            }
            LibC.close(probeFd);
            return Optional.empty();
        } catch (LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.of("JNA cannot call libc here: " + cause);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Proven by a read that found the queue empty; 0 before the first such read. */
    @Override
    public OptionalLong drainedUpToMillis() {
        return OptionalLong.of(drainedUpTo);
    }

    @Override
    public long watchedDirectories() {
        return closed ? 0 : dirs.size();
    }

    @Override
    public void start(List<RelPath> roots, WatchListener listener) throws IOException {
        if (closed || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("backend already started or closed");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.roots = List.copyOf(roots);
        try {
            openInstance();
            walk(rootVisits(), Mode.SETUP);
            if (setupOutOfWatches) {
                throw new WatchLimitException(InotifyLimits.notEnoughWatches(this.roots, directoriesFound.get(),
                        watchLimit, usedElsewhere));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        warnNearWatchLimit();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        if (wakeFd >= 0) {
            EventReader.wake(wakeFd);
        }
        ForkJoinPool p = pool;
        if (p != null) {
            p.shutdownNow();
        }
        Thread events = eventThread;
        try {
            if (events != null && events != Thread.currentThread()) {
                events.join(TimeUnit.SECONDS.toMillis(5));
            }
            if (p != null) {
                p.awaitTermination(5, TimeUnit.SECONDS); // no walker may use the descriptor once it is closed
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (fd >= 0) {
            LibC.close(fd); // removes every watch at once
        }
        if (wakeFd >= 0) {
            LibC.close(wakeFd);
        }
        dirs.removeAll();
    }

    private void openInstance() throws IOException {
        if (raiseLimits) {
            raiseQueueLimit();
        }
        queueLimit = limits.maxQueuedEvents().orElse(-1); // an instance keeps the value it was created with
        fd = LibC.inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0) {
            throw new IOException("inotify_init1 failed: " + initFailure(LibC.errno()));
        }
        wakeFd = EventReader.openWakeFd();
        watchLimit = limits.maxUserWatches().orElse(Long.MAX_VALUE);
        pool = new ForkJoinPool(walkThreads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("watcher-walk-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
        eventThread = new Thread(this::runEvents, "watcher-inotify");
        eventThread.setDaemon(true);
        eventThread.start();
    }

    private static String initFailure(int errno) {
        return LibC.errnoName(errno) + (errno == 24 ? ": too many inotify instances for this user; raise"
                + " fs.inotify.max_user_instances" : "");
    }

    // ---- walking and registering ----------------------------------------------------------------

    private List<Visit> rootVisits() {
        List<Visit> visits = new ArrayList<>();
        for (RelPath root : roots) {
            visits.add(new Visit(null, root.bytes(), absOf(root), true));
        }
        return visits;
    }

    /** Registers and lists {@code starts} and everything below them; returns when done. */
    private void walk(List<Visit> starts, Mode mode) throws IOException {
        List<Visit> todo = starts;
        if (starts.size() == 1 && mode == Mode.REPORT) {
            todo = visit(starts.get(0), mode); // a new directory is mostly a leaf: no hand-off to the pool
        }
        if (todo.isEmpty()) {
            return;
        }
        DirectoryWalk<Visit> w = new DirectoryWalk<>(pool, v -> visit(v, mode));
        w.start(todo);
        w.awaitEnd(100, () -> closed, mode != Mode.REPORT
                ? () -> log.info("registered [{}] directories so far, still walking", dirs.size()) : () -> { });
    }

    /** Registers {@code v} (unless setup ran out of watches), lists it, returns its subdirectories. */
    private List<Visit> visit(Visit v, Mode mode) {
        if (closed) {
            return List.of();
        }
        Dir dir = null;
        boolean counting = mode == Mode.SETUP && setupOutOfWatches;
        if (!counting && (v.root || v.parent != null)) {
            int wd = addWatch(v.abs, mode);
            if (wd == GONE) {
                if (v.root) {
                    log.warn("cannot watch root [{}]: it is gone or not a directory", RelPath.of(v.name));
                }
                return List.of();
            }
            if (wd == NO_ROOM) {
                if (mode != Mode.SETUP) {
                    emit(List.of(PathEvent.overflow(relOf(v.abs))));
                    return List.of();
                }
            } else {
                dir = v.root ? dirs.attachRoot(wd, RelPath.of(v.name)) : dirs.attach(wd, v.parent, v.name);
                if (dir == null) {
                    if (dirs.get(wd) == null) {
                        LibC.inotify_rm_watch(fd, wd); // its parent went away meanwhile
                    }
                    return List.of();
                }
            }
        }
        directoriesFound.incrementAndGet();
        return list(v, dir, mode == Mode.REPORT);
    }

    private List<Visit> list(Visit v, Dir dir, boolean report) {
        List<Visit> subdirs = new ArrayList<>();
        List<PathEvent> found = report ? new ArrayList<>() : null;
        boolean checkExcludes = !excludes.patterns().isEmpty();
        int errno = DirListing.list(v.abs, (name, type) -> {
            EntryType entryType = type == DirListing.DT_DIR ? EntryType.DIRECTORY
                    : type == DirListing.DT_UNKNOWN ? FileTypes.lstat(child(v.abs, name)).entryType() : EntryType.FILE;
            if (entryType == EntryType.UNKNOWN || (!report && entryType != EntryType.DIRECTORY)) {
                return; // gone already, or a file no one asked about
            }
            byte[] abs = child(v.abs, name);
            if (checkExcludes || report) {
                RelPath rel = relOf(abs);
                if (excludes.excludesEntry(rel, entryType)) {
                    return;
                }
                if (report) {
                    found.add(PathEvent.create(rel));
                }
            }
            if (entryType == EntryType.DIRECTORY) {
                subdirs.add(new Visit(dir, name, abs, false));
            }
        });
        if (errno != 0 && errno != LibC.ENOENT && errno != LibC.ENOTDIR && errno != LibC.ELOOP) {
            log.warn("cannot list [{}]: {}; entries below it are not watched", relOf(v.abs), LibC.errnoName(errno));
        }
        if (report && !found.isEmpty()) {
            emit(found);
        }
        return subdirs;
    }

    /** The new watch's descriptor, {@link #GONE} when the path is no directory now, or {@link #NO_ROOM}. */
    private int addWatch(byte[] abs, Mode mode) {
        byte[] path = LibC.cString(abs);
        while (true) {
            long limitSeen = watchLimit;
            if (dirs.size() >= limitSeen) {
                if (!makeRoom(limitSeen, 0, mode)) {
                    return NO_ROOM;
                }
                continue;
            }
            int wd = LibC.inotify_add_watch(fd, path, WATCH_MASK);
            if (wd >= 0) {
                return wd;
            }
            int errno = LibC.errno();
            switch (errno) {
                case LibC.ENOENT, LibC.ENOTDIR, LibC.ELOOP -> {
                    return GONE;
                }
                case LibC.ENOSPC -> {
                    long heldElsewhere = limitSeen == Long.MAX_VALUE ? 0 : Math.max(0, limitSeen - dirs.size());
                    if (!makeRoom(limitSeen, heldElsewhere, mode)) {
                        return NO_ROOM;
                    }
                }
                default -> {
                    if (!closed) {
                        log.warn("cannot watch [{}]: {}; changes below it are not seen", relOf(abs),
                                LibC.errnoName(errno));
                    }
                    return GONE;
                }
            }
        }
    }

    /**
     * Called when registering found {@code max_user_watches} reached; true when there is room again
     * (raised meanwhile, or raised now under {@code raiseLimits}).
     */
    private synchronized boolean makeRoom(long limitSeen, long heldElsewhere, Mode mode) {
        if (watchLimit > limitSeen) {
            return true; // another walker raised it
        }
        long current = limits.maxUserWatches().orElse(Long.MAX_VALUE);
        if (current > limitSeen) {
            watchLimit = current; // raised by someone else
            return true;
        }
        usedElsewhere = Math.max(usedElsewhere, heldElsewhere);
        long ours = dirs.size();
        if (raiseLimits) {
            long target = InotifyLimits.suggestedWatches(2 * ours + usedElsewhere); // the walk is not over yet
            try {
                limits.setMaxUserWatches(target);
                log.info("raised fs.inotify.max_user_watches [{}] -> [{}]: [{}] directories watched and more to come"
                        + " (watch.raiseLimits)", limitSeen, target, ours);
                watchLimit = target;
                return true;
            } catch (IOException e) {
                log.warn("watch.raiseLimits is set but fs.inotify.max_user_watches cannot be raised ({}): run as root",
                        e.toString());
            }
        }
        if (mode == Mode.SETUP) {
            if (!setupOutOfWatches) {
                log.debug("out of inotify watches after [{}] directories; counting the rest", ours);
            }
            setupOutOfWatches = true;
        } else if (limitLogged.compareAndSet(false, true)) {
            log.error("new directories are not watched, only rescanned: {}",
                    InotifyLimits.notEnoughWatches(roots, ours + 1, limitSeen, usedElsewhere));
        }
        return false;
    }

    private void raiseQueueLimit() {
        OptionalLong queued = limits.maxQueuedEvents();
        if (queued.isEmpty() || queued.getAsLong() >= InotifyLimits.QUEUED_EVENTS_TARGET) {
            return;
        }
        try {
            limits.setMaxQueuedEvents(InotifyLimits.QUEUED_EVENTS_TARGET);
            log.info("raised fs.inotify.max_queued_events [{}] -> [{}] so bursts of changes do not overflow the event"
                    + " queue (watch.raiseLimits)", queued.getAsLong(), InotifyLimits.QUEUED_EVENTS_TARGET);
        } catch (IOException e) {
            log.warn("watch.raiseLimits is set but fs.inotify.max_queued_events [{}] cannot be raised ({}): run as"
                    + " root", queued.getAsLong(), e.toString());
        }
    }

    private void warnNearWatchLimit() {
        long limit = limits.maxUserWatches().orElse(Long.MAX_VALUE);
        long n = dirs.size();
        if (n > limit / 10 * 8) {
            log.warn("watching [{}] directories uses more than 80% of fs.inotify.max_user_watches [{}]; new directories"
                    + " will soon go unwatched: raise it, e.g. `sysctl -w fs.inotify.max_user_watches={}`", n, limit,
                    InotifyLimits.suggestedWatches(2 * n));
        }
    }

    // ---- events ---------------------------------------------------------------------------------

    /**
     * The event loop ({@link EventReader}); an empty queue moves {@link #drainedUpToMillis}, a failure
     * reports the roots for a rescan ({@link RescanOnFailure}).
     */
    private void runEvents() {
        RescanOnFailure failures = new RescanOnFailure(NAME, log, () -> closed, roots, this::emitOverflowOfRoots);
        EventReader.run(fd, wakeFd, READ_BUFFER_BYTES, IDLE_POLL_MILLIS, () -> closed,
                (buf, n) -> failures.handle(() -> handle(InotifyEvent.parse(buf, n))), millis -> drainedUpTo = millis,
                failures);
    }

    private void handle(List<InotifyEvent> events) throws IOException {
        List<PathEvent> out = new ArrayList<>();
        boolean overflowed = false;
        for (InotifyEvent e : events) {
            if (e.is(IN_Q_OVERFLOW)) {
                overflowed = true;
                continue;
            }
            Dir dir = dirs.get(e.wd());
            if (dir == null) {
                continue; // removed by us after the event was queued
            }
            if (e.isSelf()) {
                onSelf(e, dir, out);
            } else if (e.is(IN_ISDIR)) {
                onDirectoryEntry(e, dir, out);
            } else {
                onFileEntry(e, dir, out);
            }
        }
        flush(out);
        if (overflowed) {
            onOverflow();
        }
    }

    private void onDirectoryEntry(InotifyEvent e, Dir dir, List<PathEvent> out) throws IOException {
        RelPath child = dirs.childPath(dir, e.name());
        if (excludes.excludesEntry(child, EntryType.DIRECTORY)) {
            return;
        }
        if (e.is(IN_DELETE | IN_MOVED_FROM)) {
            out.add(PathEvent.delete(child)); // its watch goes at its own IN_DELETE_SELF / IN_MOVE_SELF
        } else if (e.is(IN_CREATE | IN_MOVED_TO)) {
            out.add(PathEvent.create(child));
            flush(out); // the directory before what is found in it
            walk(List.of(new Visit(dir, e.name(), absOf(child), false)), Mode.REPORT);
        } else {
            out.add(PathEvent.modify(child));
        }
    }

    private void onFileEntry(InotifyEvent e, Dir dir, List<PathEvent> out) {
        RelPath child = dirs.childPath(dir, e.name());
        if (e.is(IN_DELETE | IN_MOVED_FROM)) {
            if (!excludes.excludesEntry(child, EntryType.FILE)) {
                out.add(PathEvent.delete(child));
            }
            return;
        }
        if (excludes.excludesEntry(child, EntryType.FILE)) {
            return;
        }
        if (e.is(IN_MOVED_TO)) {
            out.add(PathEvent.create(child));
        } else if (e.is(IN_CREATE)) {
            if (FileTypes.lstat(absOf(child)).noCloseFollows()) {
                out.add(PathEvent.create(child));
            }
        } else {
            out.add(PathEvent.modify(child)); // IN_CLOSE_WRITE, IN_ATTRIB
        }
    }

    /** Events on a watched directory itself. */
    private void onSelf(InotifyEvent e, Dir dir, List<PathEvent> out) {
        boolean root = dirs.isRoot(dir);
        if (e.is(IN_DELETE_SELF)) {
            if (root) {
                rootGone(dir, "deleted", out);
            }
            unwatch(dir);
        } else if (e.is(IN_MOVE_SELF)) {
            if (!stillAtItsPath(dir)) {
                if (root) {
                    rootGone(dir, "moved away", out);
                }
                unwatch(dir); // moved out of the watched tree, or to an excluded name
            }
        } else if (e.is(IN_UNMOUNT)) {
            out.add(PathEvent.overflow(dirs.pathOf(dir)));
        } else if (e.is(IN_IGNORED)) {
            unwatch(dir);
        } else if (e.is(IN_ATTRIB) && root) {
            out.add(PathEvent.modify(dirs.pathOf(dir))); // other directories' attributes come from their parent
        }
    }

    private void rootGone(Dir dir, String how, List<PathEvent> out) {
        RelPath path = dirs.pathOf(dir);
        log.warn("watched root [{}] was {}: reporting its deletion; it is not watched again until the watcher restarts",
                path, how);
        out.add(PathEvent.delete(path));
    }

    /** True when the path {@code dir} is known by still leads to the directory this watch is on. */
    private boolean stillAtItsPath(Dir dir) {
        int wd = LibC.inotify_add_watch(fd, LibC.cString(absOf(dirs.pathOf(dir))), WATCH_MASK);
        if (wd == dir.wd()) {
            return true;
        }
        if (wd >= 0 && dirs.get(wd) == null) {
            LibC.inotify_rm_watch(fd, wd); // another directory now has that name; its own event registers it
        }
        return false;
    }

    private void unwatch(Dir dir) {
        for (int wd : dirs.removeSubtree(dir)) {
            LibC.inotify_rm_watch(fd, wd); // EINVAL for watches the kernel already dropped
        }
    }

    /** Re-walks every root after lost events, then reports every root for a rescan. */
    private void onOverflow() throws IOException {
        long before = dirs.size();
        log.warn("inotify queue overflowed (fs.inotify.max_queued_events was [{}] when watching started): events were"
                + " lost; re-walking {} to repair the watches, then rescanning", queueLimit, roots);
        dirs.beginGeneration();
        walk(rootVisits(), Mode.RECONCILE);
        int[] stale = dirs.sweep();
        for (int wd : stale) {
            LibC.inotify_rm_watch(fd, wd);
        }
        log.info("after lost events: [{}] directories watched (was [{}]), [{}] gone or moved away", dirs.size(), before,
                stale.length);
        emitOverflowOfRoots();
    }

    private void emitOverflowOfRoots() {
        List<PathEvent> rescans = new ArrayList<>();
        for (RelPath root : roots) {
            rescans.add(PathEvent.overflow(root));
        }
        if (!rescans.isEmpty()) {
            emit(rescans);
        }
    }

    private void flush(List<PathEvent> out) {
        if (!out.isEmpty()) {
            emit(out);
            out.clear();
        }
    }

    private void emit(List<PathEvent> events) {
        listener.onEvents(List.copyOf(events));
    }

    // ---- raw paths ------------------------------------------------------------------------------

    private byte[] absOf(RelPath rel) {
        return rawPaths.absOf(rel);
    }

    private RelPath relOf(byte[] abs) {
        return rawPaths.relOf(abs);
    }

    private static byte[] child(byte[] dir, byte[] name) {
        return RawPaths.child(dir, name);
    }
}

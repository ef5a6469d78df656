package io.syncfleet.watcher.fs;

import static io.syncfleet.watcher.fs.Fanotify.FAN_ATTRIB;
import static io.syncfleet.watcher.fs.Fanotify.FAN_CLOSE_WRITE;
import static io.syncfleet.watcher.fs.Fanotify.FAN_CREATE;
import static io.syncfleet.watcher.fs.Fanotify.FAN_DELETE;
import static io.syncfleet.watcher.fs.Fanotify.FAN_DELETE_SELF;
import static io.syncfleet.watcher.fs.Fanotify.FAN_MOVED_FROM;
import static io.syncfleet.watcher.fs.Fanotify.FAN_MOVED_TO;
import static io.syncfleet.watcher.fs.Fanotify.FAN_MOVE_SELF;
import static io.syncfleet.watcher.fs.Fanotify.FAN_ONDIR;
import static io.syncfleet.watcher.fs.Fanotify.FAN_Q_OVERFLOW;

import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.EntryType;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.domain.PathEvent;
import io.syncfleet.watcher.domain.WatchRoots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WatchBackend} on Linux fanotify, called through JNA ({@link Fanotify}): one
 * {@code FAN_MARK_FILESYSTEM} mark per file system holding a root, so setup takes the same few
 * microseconds whatever the tree's size, and no directory is registered, hence none can be missed
 * while the tree grows. Needs CAP_SYS_ADMIN (root) and a kernel with {@code FAN_REPORT_DFID_NAME}
 * (5.9+); {@link #unavailableReason} says why not.
 *
 * <p>How it keeps the contract:
 * <ul>
 *   <li><b>Whole file system</b>: the kernel reports every change on the file system, each as the
 *       directory's file handle plus the entry's name. The handle is turned into a path
 *       ({@link HandlePaths}: {@code open_by_handle_at}, {@code readlink}, cached; the cache is
 *       dropped at every directory rename), and events outside the roots, below an excluded directory
 *       or behind a symlink (its target's real path is elsewhere) are dropped.</li>
 *   <li><b>What is reported</b> is what the inotify backend reports: a regular file when closed after
 *       writing ({@code FAN_CLOSE_WRITE}), renamed in or out, deleted, or when its attributes change;
 *       entries no close follows (links, fifos) at {@code FAN_CREATE}. The kernel merges repeats of an
 *       entry still queued into one event; a create merged with a delete is decided by an
 *       {@code lstat}.</li>
 *   <li><b>New directories</b>: one made in place reports itself, and its entries report themselves as
 *       they come; one moved in is walked at once, every entry found reported as CREATE.</li>
 *   <li><b>Roots</b>: their handles are taken at start, so a deleted or moved root is reported as
 *       DELETE; one made again at the same path is seen again.</li>
 *   <li><b>Overflow</b> ({@code FAN_Q_OVERFLOW}) reports every root as OVERFLOW. The group is made with
 *       {@code FAN_UNLIMITED_QUEUE}, so it only happens when the kernel runs out of memory.</li>
 *   <li><b>Counting</b>: {@link #watchedDirectories} is the number of directories below the roots, counted
 *       in the background after start and again after the tree changes ({@link DirectoryCounter}).</li>
 * </ul>
 *
 * <p>Known limits: a file system mounted below a root is not watched (it needs a mark of its own);
 * an event in a directory deleted before the event is read cannot be named, so only the deletion of
 * the topmost deleted directory is reported (the workers delete it recursively); the limits of the
 * inotify backend about files created without writing apply here too.
 */
public final class FanotifyWatchBackend implements WatchBackend {

    public static final String NAME = "fanotify";
    public static final int DEFAULT_COUNT_THREADS = 4;

    static final int INIT_FLAGS = Fanotify.FAN_CLASS_NOTIF | Fanotify.FAN_REPORT_DFID_NAME | Fanotify.FAN_CLOEXEC
            | Fanotify.FAN_NONBLOCK | Fanotify.FAN_UNLIMITED_QUEUE;
    static final int EVENT_FLAGS = LibC.O_RDONLY | LibC.O_CLOEXEC | Fanotify.O_LARGEFILE;
    static final long MARK_MASK = FAN_CREATE | FAN_DELETE | FAN_MOVED_FROM | FAN_MOVED_TO | FAN_CLOSE_WRITE
            | FAN_ATTRIB | FAN_DELETE_SELF | FAN_MOVE_SELF | FAN_ONDIR;

    private static final Logger log = LoggerFactory.getLogger(FanotifyWatchBackend.class);
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    /** An idle wait for events ends after this long, so that {@link #drainedUpToMillis} keeps up with the clock. */
    private static final int IDLE_POLL_MILLIS = 1000;

    private final RawPaths rawPaths;
    private final ExcludeFilter excludes;
    private final int countThreads;
    private final HandlePaths handles = new HandlePaths();
    private final Map<DirHandle, RelPath> rootHandles = new HashMap<>();

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;
    private volatile int fd = -1;
    private volatile int wakeFd = -1;
    private volatile WatchListener listener;
    private volatile WatchRoots roots = WatchRoots.of(List.of());
    private volatile RawPaths realPaths;
    private volatile DirectoryCounter counter;
    private volatile Thread eventThread;
    private volatile long drainedUpTo;

    /** A backend counting directories on {@value #DEFAULT_COUNT_THREADS} threads. */
    public FanotifyWatchBackend(Path baseDir, ExcludeFilter excludes) {
        this(baseDir, excludes, DEFAULT_COUNT_THREADS);
    }

    /** @param countThreads threads that count the directories below the roots (in the background) */
    public FanotifyWatchBackend(Path baseDir, ExcludeFilter excludes, int countThreads) {
        if (countThreads < 1) {
            throw new IllegalArgumentException("countThreads must be >= 1, got " + countThreads);
        }
        this.rawPaths = new RawPaths(baseDir);
        this.excludes = Objects.requireNonNull(excludes, "excludes");
        this.countThreads = countThreads;
    }

    /**
     * Why this backend cannot watch {@code dir} here, or empty when it can: JNA loads,
     * {@code fanotify_init} with {@code FAN_REPORT_DFID_NAME} works (CAP_SYS_ADMIN, kernel 5.9+) and the
     * file system of {@code dir} takes a {@code FAN_MARK_FILESYSTEM} mark (it must support file handles).
     */
    public static Optional<String> unavailableReason(Path dir) {
        try {
            int probeFd = Fanotify.fanotify_init(INIT_FLAGS, EVENT_FLAGS);
            if (probeFd < 0) {
                return Optional.of("fanotify_init failed: " + initFailure(LibC.errno()));
            }
            try {
                byte[] raw = BaseDirPaths.rawBytes(dir.toAbsolutePath());
                if (Fanotify.fanotify_mark(probeFd, Fanotify.FAN_MARK_ADD | Fanotify.FAN_MARK_FILESYSTEM, MARK_MASK,
                        Fanotify.AT_FDCWD, LibC.cString(raw)) < 0) {
                    return Optional.of("fanotify_mark of the file system of [" + dir + "] failed: "
                            + markFailure(LibC.errno()));
                }
            } finally {
                LibC.close(probeFd);
            }
            return Optional.empty();
        } catch (LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.of("JNA cannot call libc here: " + cause);
        }
    }

    private static String initFailure(int errno) {
        return LibC.errnoName(errno) + switch (errno) {
            case 1 -> ": needs CAP_SYS_ADMIN (run as root)";
            case LibC.EINVAL -> ": the kernel lacks FAN_REPORT_DFID_NAME (needs Linux 5.9+)";
            case 38 -> ": the kernel has no fanotify";
            default -> "";
        };
    }

    private static String markFailure(int errno) {
        return LibC.errnoName(errno) + switch (errno) {
            case 18, 95 -> ": this file system does not support file handles (e.g. overlayfs, some FUSE)";
            case 19 -> ": this file system cannot be marked (no file handles, or a pseudo file system)";
            default -> "";
        };
    }

    @Override
    public OptionalLong drainedUpToMillis() {
        return OptionalLong.of(drainedUpTo); // the mark covers the whole file system: no registration race
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The directories below the roots, counted in the background after start; 0 until the first count. */
    @Override
    public long watchedDirectories() {
        DirectoryCounter c = counter;
        return closed || c == null ? 0 : c.directories();
    }

    /** Walks of the directory counter so far (the first count included); 0 before it starts. For tests. */
    long directoryCountWalks() {
        DirectoryCounter c = counter;
        return c == null ? 0 : c.walks();
    }

    @Override
    public void start(List<RelPath> roots, WatchListener listener) throws IOException {
        if (closed || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("backend already started or closed");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.roots = WatchRoots.of(roots);
        try {
            realPaths = new RawPaths(BaseDirPaths.fromRaw(rawPaths.base()).toRealPath());
            fd = Fanotify.fanotify_init(INIT_FLAGS, EVENT_FLAGS);
            if (fd < 0) {
                throw new IOException("fanotify_init failed: " + initFailure(LibC.errno()));
            }
            wakeFd = EventReader.openWakeFd();
            Set<Long> marked = new LinkedHashSet<>();
            for (RelPath root : this.roots.roots()) {
                byte[] abs = realPaths.absOf(root);
                long fsid = handles.addFileSystemOf(abs);
                if (marked.add(fsid) && Fanotify.fanotify_mark(fd, Fanotify.FAN_MARK_ADD | Fanotify.FAN_MARK_FILESYSTEM,
                        MARK_MASK, Fanotify.AT_FDCWD, LibC.cString(abs)) < 0) {
                    throw new IOException("fanotify_mark of the file system of [" + root + "] failed: "
                            + markFailure(LibC.errno()));
                }
                HandlePaths.handleOf(abs, fsid).ifPresent(h -> rootHandles.put(h, root));
            }
            counter = new DirectoryCounter(this.roots.roots(), excludes, realPaths::absOf, countThreads);
            counter.start();
            eventThread = new Thread(this::runEvents, "watcher-fanotify");
            eventThread.setDaemon(true);
            eventThread.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        log.info("fanotify marks the file system(s) of {}; directories below them are counted in the background",
                this.roots);
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
        Thread events = eventThread;
        try {
            if (events != null && events != Thread.currentThread()) {
                events.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DirectoryCounter c = counter;
        if (c != null) {
            c.close();
        }
        if (fd >= 0) {
            LibC.close(fd); // drops the marks
        }
        if (wakeFd >= 0) {
            LibC.close(wakeFd);
        }
        handles.close();
    }

    // ---- events (watcher-fanotify thread) --------------------------------------------------------

    /** The event loop ({@link EventReader}); a failure reports the roots for a rescan ({@link RescanOnFailure}). */
    private void runEvents() {
        RescanOnFailure failures = new RescanOnFailure(NAME, log, () -> closed, roots, this::emitOverflowOfRoots);
        EventReader.run(fd, wakeFd, READ_BUFFER_BYTES, IDLE_POLL_MILLIS, () -> closed,
                (buf, n) -> failures.handle(() -> handle(FanotifyEvent.parse(buf, n))), millis -> drainedUpTo = millis,
                failures);
    }

    private void handle(List<FanotifyEvent> events) {
        List<PathEvent> out = new ArrayList<>();
        boolean overflowed = false;
        for (FanotifyEvent e : events) {
            if (e.is(FAN_Q_OVERFLOW)) {
                overflowed = true;
            } else if (e.dir() != null) {
                if (e.isSelf()) {
                    onSelf(e, out);
                } else {
                    onEntry(e, out);
                }
            }
        }
        flush(out);
        if (overflowed) {
            log.warn("fanotify queue overflowed: events were lost; rescanning {}", roots);
            counter.treeChanged();
            emitOverflowOfRoots();
        }
    }

    /** An event on a directory itself: a root deleted or moved away, or a directory's attributes. */
    private void onSelf(FanotifyEvent e, List<PathEvent> out) {
        if (e.is(FAN_MOVE_SELF)) {
            handles.forget();
        }
        RelPath root = rootHandles.get(e.dir());
        if (root != null && e.is(FAN_DELETE_SELF | FAN_MOVE_SELF) && !stillAtItsPath(root, e.dir())) {
            rootHandles.remove(e.dir());
            log.warn("watched root [{}] was {}: reporting its deletion; it is watched again if it is made again",
                    root, e.is(FAN_DELETE_SELF) ? "deleted" : "moved away");
            out.add(PathEvent.delete(root));
            counter.treeChanged();
            return;
        }
        if (e.is(FAN_ATTRIB)) {
            pathOf(e.dir()).filter(p -> !excludes.excludes(p, EntryType.DIRECTORY)).ifPresent(p ->
                    out.add(PathEvent.modify(p)));
        }
    }

    private boolean stillAtItsPath(RelPath root, DirHandle handle) {
        return HandlePaths.handleOf(realPaths.absOf(root), handle.fsid()).map(handle::equals).orElse(false);
    }

    private void onEntry(FanotifyEvent e, List<PathEvent> out) {
        boolean dir = e.is(FAN_ONDIR);
        if (dir && e.is(FAN_MOVED_FROM | FAN_MOVED_TO)) {
            handles.forget(); // paths below the moved directory changed; resolve the parent afresh
        }
        Optional<RelPath> parent = directoryPath(e.dir());
        if (parent.isEmpty()) {
            // A parent that no longer resolves may have been inside the roots (a deleted subtree): recount.
            // One that resolves elsewhere is another part of the file system (the mark covers all of it):
            // counting again for every directory other programs make there kept a walk thread busy.
            if (dir && handles.resolve(e.dir()).isEmpty()) {
                counter.treeChanged();
            }
            return;
        }
        RelPath child = parent.get().resolve(e.name());
        if (roots.rootOf(child).isEmpty() || excludes.excludes(child, dir ? EntryType.DIRECTORY : EntryType.FILE)) {
            return; // beside the roots; a root itself is reported from its parent
        }
        boolean gone = e.is(FAN_DELETE | FAN_MOVED_FROM);
        boolean came = e.is(FAN_CREATE | FAN_MOVED_TO);
        FileTypes.Kind now = null;
        if (gone && came) {
            now = FileTypes.lstat(realPaths.absOf(child)); // merged: what is there now decides
            gone = now == FileTypes.Kind.GONE;
            came = !gone;
        }
        if (gone) {
            out.add(PathEvent.delete(child));
            if (dir) {
                counter.treeChanged();
            }
        } else if (dir) {
            if (came) {
                out.add(PathEvent.create(child));
                if (e.is(FAN_MOVED_TO)) {
                    flush(out); // the directory before what is found in it
                    reportMovedIn(child);
                    counter.treeChanged();
                } else {
                    counter.directoryCreated();
                }
            }
        } else if (e.is(FAN_MOVED_TO)) {
            out.add(PathEvent.create(child));
        } else if (e.is(FAN_CLOSE_WRITE | FAN_ATTRIB)) {
            out.add(PathEvent.modify(child));
        } else if (came) {
            FileTypes.Kind kind = now != null ? now : FileTypes.lstat(realPaths.absOf(child));
            if (kind.noCloseFollows()) {
                out.add(PathEvent.create(child));
            }
        }
    }

    /** The path of a directory below a root, or empty when it is gone or elsewhere. */
    private Optional<RelPath> pathOf(DirHandle dir) {
        return directoryPath(dir).filter(p -> roots.rootOf(p).isPresent());
    }

    /** The path of a directory below {@code source.baseDir}, or empty when it is gone or elsewhere. */
    private Optional<RelPath> directoryPath(DirHandle dir) {
        RelPath root = rootHandles.get(dir);
        if (root != null) {
            return Optional.of(root);
        }
        return handles.resolve(dir).flatMap(realPaths::below);
    }

    /** Walks a directory that was moved in, reporting every entry as CREATE. */
    private void reportMovedIn(RelPath top) {
        Deque<RelPath> todo = new ArrayDeque<>();
        todo.push(top);
        List<PathEvent> found = new ArrayList<>();
        while (!todo.isEmpty() && !closed) {
            RelPath d = todo.pop();
            DirListing.list(realPaths.absOf(d), (name, type) -> {
                RelPath rel = d.resolve(name);
                boolean isDir = type == DirListing.DT_DIR || (type == DirListing.DT_UNKNOWN
                        && FileTypes.lstat(realPaths.absOf(rel)) == FileTypes.Kind.DIRECTORY);
                if (!excludes.excludesEntry(rel, isDir ? EntryType.DIRECTORY : EntryType.FILE)) {
                    found.add(PathEvent.create(rel));
                    if (isDir) {
                        todo.push(rel);
                    }
                }
            });
            if (found.size() >= 1000) {
                flush(found);
            }
        }
        flush(found);
    }

    private void emitOverflowOfRoots() {
        List<PathEvent> rescans = new ArrayList<>();
        for (RelPath root : roots.roots()) {
            rescans.add(PathEvent.overflow(root));
        }
        flush(rescans);
    }

    private void flush(List<PathEvent> out) {
        if (!out.isEmpty()) {
            listener.onEvents(List.copyOf(out));
            out.clear();
        }
    }
}

package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.BaseDirPaths;
import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.EntryType;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.domain.PathEvent;
import io.syncfleet.watcher.domain.SubtreeOrder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WatchBackend} on the JDK {@link WatchService} (inotify on Linux), one watch per directory.
 *
 * <p>How it keeps the contract:
 * <ul>
 *   <li><b>Registration</b> walks each root on {@value #DEFAULT_REGISTER_THREADS} threads, never
 *       following symlinks and skipping excluded directories. A directory is registered before it is
 *       listed, so an entry created meanwhile is either listed or reported by the new watch.</li>
 *   <li><b>New directories</b> (created or moved in) are registered and walked at once, and every
 *       entry found is reported as CREATE: {@code mkdir -p a/b/c && echo x > a/b/c/f} loses nothing.
 *       A walk descends only into directories whose watch is new, so a repeated CREATE costs one
 *       registration.</li>
 *   <li><b>Deleted or moved-away directories</b>: their watches, and those of everything below, are
 *       cancelled. inotify watches follow the inode, and the JDK returns the old key (with the old
 *       path) when a moved directory is registered again; such a key is cancelled and registered
 *       anew under the new path.</li>
 *   <li><b>OVERFLOW</b> (the JDK keeps at most 512 events per directory; a kernel queue overflow hits
 *       every directory) is reported for the directory, which then is reconciled: child directories
 *       that are gone lose their watches, new ones are registered and walked.</li>
 *   <li><b>Raw names</b>: paths go through {@link BaseDirPaths} (URIs), never {@code Path.toString()}.</li>
 * </ul>
 * Structural changes (cancelling a subtree) take a write lock; registrations share a read lock, so
 * a registration racing with a cancel of its subtree cannot leave a stale watch behind.
 *
 * <p>Known limits: attribute changes of a root directory itself are not seen (its parent is not
 * watched); a deleted root is reported as DELETE and is not watched again until restart.
 */
public final class JdkWatchBackend implements WatchBackend {

    public static final String NAME = "jdk-watchservice";
    public static final int DEFAULT_REGISTER_THREADS = 16;

    private static final Logger log = LoggerFactory.getLogger(JdkWatchBackend.class);
    private static final WatchEvent.Kind<?>[] KINDS = {ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY};

    private enum Registration { GONE, NEW, KNOWN }

    private final BaseDirPaths paths;
    private final ExcludeFilter excludes;
    private final int registerThreads;

    private final ConcurrentSkipListMap<RelPath, WatchKey> keysByDir = new ConcurrentSkipListMap<>(SubtreeOrder.INSTANCE);
    private final Map<WatchKey, RelPath> dirsByKey = new ConcurrentHashMap<>();
    private final AtomicLong watched = new AtomicLong();
    private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
    private final AtomicBoolean limitLogged = new AtomicBoolean();

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;
    private volatile WatchService service;
    private volatile WatchListener listener;
    private volatile Set<RelPath> roots = Set.of();
    private volatile ExecutorService pool;
    private volatile Thread eventThread;

    public JdkWatchBackend(Path baseDir, ExcludeFilter excludes) {
        this(baseDir, excludes, DEFAULT_REGISTER_THREADS);
    }

    public JdkWatchBackend(Path baseDir, ExcludeFilter excludes, int registerThreads) {
        if (registerThreads < 1) {
            throw new IllegalArgumentException("registerThreads must be >= 1, got " + registerThreads);
        }
        this.paths = new BaseDirPaths(baseDir);
        this.excludes = Objects.requireNonNull(excludes, "excludes");
        this.registerThreads = registerThreads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long watchedDirectories() {
        return watched.get();
    }

    @Override
    public void start(List<RelPath> roots, WatchListener listener) throws IOException {
        if (closed || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("backend already started or closed");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.roots = Set.copyOf(roots);
        this.service = paths.baseDir().getFileSystem().newWatchService();
        AtomicInteger threadNo = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(registerThreads, r -> {
            Thread t = new Thread(r, "watcher-register-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.eventThread = new Thread(this::runEvents, "watcher-events");
        eventThread.setDaemon(true);
        eventThread.start();
        try {
            walk(roots, false, true);
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
        Thread events = eventThread;
        WatchService s = service;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                log.warn("closing the watch service failed: {}", e.toString());
            }
        }
        ExecutorService p = pool;
        if (p != null) {
            p.shutdownNow();
        }
        if (events != null && events != Thread.currentThread()) {
            events.interrupt();
            try {
                events.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        keysByDir.clear();
        dirsByKey.clear();
        watched.set(0);
    }

    // ---- registration -------------------------------------------------------------------------

    /**
     * Registers and walks {@code starts} (directories known not to be excluded); with {@code report},
     * every entry found below them is reported as CREATE.
     */
    private void walk(Collection<RelPath> starts, boolean report, boolean logProgress) throws IOException {
        if (starts.isEmpty()) {
            return;
        }
        DirectoryWalk<RelPath> w = new DirectoryWalk<>(pool, dir -> visit(dir, report));
        w.start(starts);
        w.awaitEnd(200, () -> closed, logProgress
                ? () -> log.info("registered [{}] directories so far, still walking", w.visited()) : () -> { });
    }

    /** Registers {@code dir}; if its watch is new, lists it and returns the subdirectories to walk. */
    private List<RelPath> visit(RelPath dir, boolean report) throws IOException {
        Path dirPath = paths.toPath(dir);
        if (register(dir, dirPath) != Registration.NEW) {
            return List.of();
        }
        List<RelPath> subdirs = new ArrayList<>();
        List<PathEvent> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dirPath)) {
            for (Path child : entries) {
                EntryType type = typeOf(child);
                if (type != EntryType.DIRECTORY && !report) {
                    continue; // the initial walk only needs directories
                }
                RelPath rel = paths.toRel(child);
                if (excludes.excludesEntry(rel, type)) {
                    continue;
                }
                if (type == EntryType.DIRECTORY) {
                    subdirs.add(rel);
                }
                if (report) {
                    found.add(PathEvent.create(rel));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of(); // gone since it was registered; its parent reports the delete
        } catch (IOException | DirectoryIteratorException e) {
            log.warn("cannot list [{}]: {}; changes below it are not watched", dir, reason(e));
            return List.of();
        }
        if (!found.isEmpty()) {
            emit(found);
        }
        return subdirs;
    }

    private Registration register(RelPath dir, Path dirPath) throws IOException {
        WatchKey key;
        Lock shared = structure.readLock();
        shared.lock();
        try {
            if (closed) {
                return Registration.GONE;
            }
            key = dirPath.register(service, KINDS);
            if (key.watchable().equals(dirPath)) {
                return track(dir, key);
            }
        } catch (NoSuchFileException | NotDirectoryException | ClosedWatchServiceException e) {
            return Registration.GONE;
        } catch (AccessDeniedException e) {
            log.warn("cannot watch [{}]: permission denied; changes below it are not seen", dir);
            return Registration.GONE;
        } catch (IOException e) {
            if (InotifyLimits.isWatchLimit(e)) {
                throw new WatchLimitException(InotifyLimits.watchLimitAdvice(watched.get()), e);
            }
            log.warn("cannot watch [{}]: {}; changes below it are not seen", dir, reason(e));
            return Registration.GONE;
        } finally {
            shared.unlock();
        }
        return reRegisterMoved(dir, dirPath, key);
    }

    /** The inode of {@code dir} is watched under its old name: it was moved while events were lost. */
    private Registration reRegisterMoved(RelPath dir, Path dirPath, WatchKey oldKey) throws IOException {
        Lock exclusive = structure.writeLock();
        exclusive.lock();
        try {
            RelPath old = dirsByKey.get(oldKey);
            log.debug("directory [{}] is now [{}]: moving its watches", old, dir);
            if (old != null) {
                cancelSubtree(old);
            } else {
                oldKey.cancel();
            }
            if (closed) {
                return Registration.GONE;
            }
            track(dir, dirPath.register(service, KINDS));
            return Registration.NEW;
        } catch (NoSuchFileException | NotDirectoryException | ClosedWatchServiceException e) {
            return Registration.GONE;
        } finally {
            exclusive.unlock();
        }
    }

    private Registration track(RelPath dir, WatchKey key) {
        WatchKey previous = keysByDir.put(dir, key);
        dirsByKey.put(key, dir);
        if (previous == null) {
            watched.incrementAndGet();
            return Registration.NEW;
        }
        if (previous != key) {
            // the directory at this path was replaced (new inode) before its old watch went away
            dirsByKey.remove(previous, dir);
            previous.cancel();
            return Registration.NEW;
        }
        return Registration.KNOWN;
    }

    /** Cancels the watches of {@code dir} and everything below it. Caller holds the write lock. */
    private void cancelSubtree(RelPath dir) {
        Map<RelPath, WatchKey> subtree = dir.isBase() ? keysByDir
                : keysByDir.subMap(dir, true, SubtreeOrder.upperBound(dir), false);
        var it = subtree.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<RelPath, WatchKey> e = it.next();
            e.getValue().cancel();
            dirsByKey.remove(e.getValue(), e.getKey());
            it.remove();
            watched.decrementAndGet();
        }
    }

    private void cancelSubtreeLocked(RelPath dir) {
        Lock exclusive = structure.writeLock();
        exclusive.lock();
        try {
            cancelSubtree(dir);
        } finally {
            exclusive.unlock();
        }
    }

    // ---- events -------------------------------------------------------------------------------

    private void runEvents() {
        while (!closed) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            RelPath dir = dirsByKey.get(key);
            try {
                handle(key, dir);
            } catch (InterruptedIOException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.error("events of [{}] could not be handled ({}); reporting it as overflowed so it is rescanned",
                        dir, reason(e), e);
                if (dir != null) {
                    emit(List.of(PathEvent.overflow(dir)));
                }
            }
        }
    }

    private void handle(WatchKey key, RelPath dir) throws IOException {
        List<WatchEvent<?>> events = key.pollEvents();
        boolean valid = key.reset();
        if (dir == null) {
            return; // cancelled by us after it was queued
        }
        Path dirPath = (Path) key.watchable();
        List<PathEvent> out = new ArrayList<>();
        List<RelPath> newDirs = new ArrayList<>();
        boolean overflowed = false;
        for (WatchEvent<?> event : events) {
            if (event.kind() == OVERFLOW) {
                overflowed = true;
                out.add(PathEvent.overflow(dir));
                continue;
            }
            Path child = dirPath.resolve((Path) event.context());
            RelPath rel = paths.toRel(child);
            if (event.kind() == ENTRY_DELETE) {
                boolean wasDirectory = keysByDir.containsKey(rel);
                if (wasDirectory) {
                    cancelSubtreeLocked(rel);
                }
                if (!excludes.excludesEntry(rel, wasDirectory ? EntryType.DIRECTORY : EntryType.UNKNOWN)) {
                    out.add(PathEvent.delete(rel));
                }
                continue;
            }
            EntryType type = typeOf(child);
            if (excludes.excludesEntry(rel, type)) {
                continue;
            }
            if (event.kind() == ENTRY_CREATE) {
                out.add(PathEvent.create(rel));
                if (type == EntryType.DIRECTORY) {
                    newDirs.add(rel);
                }
            } else {
                out.add(PathEvent.modify(rel));
            }
        }
        if (overflowed) {
            log.debug("events lost in [{}] (OVERFLOW): reported for a rescan", dir);
        }
        if (!out.isEmpty()) {
            emit(out);
        }
        walkReported(newDirs);
        if (overflowed) {
            reconcile(dir);
        }
        if (!valid) {
            onInvalid(key, dir);
        }
    }

    /** Walks new directories reporting what is in them; on failure, reports them for a rescan. */
    private void walkReported(List<RelPath> dirs) throws IOException {
        try {
            walk(dirs, true, false);
        } catch (WatchLimitException e) {
            if (limitLogged.compareAndSet(false, true)) {
                log.error("cannot watch new directories {}: {}", dirs, e.getMessage());
            }
            List<PathEvent> rescans = new ArrayList<>();
            for (RelPath d : dirs) {
                rescans.add(PathEvent.overflow(d));
            }
            emit(rescans);
        }
    }

    /**
     * After lost events: drops watches of child directories that are gone, and registers (and walks)
     * child directories that are new or were replaced.
     */
    private void reconcile(RelPath dir) throws IOException {
        Path dirPath = paths.toPath(dir);
        Set<RelPath> present = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dirPath)) {
            for (Path child : entries) {
                if (typeOf(child) == EntryType.DIRECTORY) {
                    RelPath rel = paths.toRel(child);
                    if (!excludes.excludesEntry(rel, EntryType.DIRECTORY)) {
                        present.add(rel);
                    }
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return;
        } catch (IOException | DirectoryIteratorException e) {
            log.warn("cannot list [{}] after lost events: {}", dir, reason(e));
            return;
        }
        for (RelPath gone : watchedChildren(dir)) {
            if (!present.contains(gone)) {
                cancelSubtreeLocked(gone);
            }
        }
        // registering a known directory again is cheap and detects one replaced by a new inode
        walk(present, false, false);
    }

    /** The watched direct children of {@code dir}, skipping over their subtrees. */
    private List<RelPath> watchedChildren(RelPath dir) {
        List<RelPath> children = new ArrayList<>();
        RelPath cur = dir.isBase() ? firstKey() : keysByDir.higherKey(dir);
        while (cur != null && dir.contains(cur)) {
            if (cur.isBase()) {
                cur = keysByDir.higherKey(cur);
                continue;
            }
            RelPath child = directChild(dir, cur);
            children.add(child);
            cur = keysByDir.ceilingKey(SubtreeOrder.upperBound(child));
        }
        return children;
    }

    private RelPath firstKey() {
        return keysByDir.isEmpty() ? null : keysByDir.firstKey();
    }

    private static RelPath directChild(RelPath dir, RelPath descendant) {
        byte[] b = descendant.bytes();
        int start = dir.isBase() ? 0 : dir.length() + 1;
        int end = start;
        while (end < b.length && b[end] != '/') {
            end++;
        }
        return RelPath.of(Arrays.copyOf(b, end));
    }

    /** The directory itself is gone (deleted or unmounted): forget its watch. */
    private void onInvalid(WatchKey key, RelPath dir) {
        Lock exclusive = structure.writeLock();
        exclusive.lock();
        try {
            if (keysByDir.remove(dir, key)) {
                watched.decrementAndGet();
            }
            dirsByKey.remove(key, dir);
        } finally {
            exclusive.unlock();
        }
        if (roots.contains(dir)) {
            log.warn("watched root [{}] was deleted or unmounted: reporting its deletion; it is not watched again"
                    + " until the watcher restarts", dir);
            emit(List.of(PathEvent.delete(dir)));
        }
    }

    private void emit(List<PathEvent> events) {
        listener.onEvents(List.copyOf(events));
    }

    private static EntryType typeOf(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()
                    ? EntryType.DIRECTORY : EntryType.FILE;
        } catch (IOException e) {
            return EntryType.UNKNOWN;
        }
    }

    private void warnNearWatchLimit() {
        OptionalLong limit = InotifyLimits.read(InotifyLimits.MAX_USER_WATCHES);
        long n = watched.get();
        if (limit.isPresent() && n > limit.getAsLong() * 8 / 10) {
            log.warn("watching [{}] directories uses more than 80% of fs.inotify.max_user_watches [{}]; new"
                    + " directories will soon go unwatched: {}", n, limit.getAsLong(),
                    InotifyLimits.watchLimitAdvice(n));
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e instanceof DirectoryIteratorException d ? d.getCause() : e;
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

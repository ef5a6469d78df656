package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.EntryType;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.domain.ManifestEntry;
import io.syncfleet.watcher.domain.SubtreeOrder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Walks the roots and {@code lstat}s every entry below them, in {@link SubtreeOrder}, for the
 * manifest: one directory listing ({@code getdents64}, raw names) and one {@code lstat} per entry,
 * symlinks never followed, excluded entries skipped with what is below them. The roots themselves
 * are not entries. An entry that vanishes during the walk is left out (its deletion is an event).
 * Needs JNA, like {@link InotifyWatchBackend}.
 */
public final class TreeScan {

    /** Receives each entry. */
    @FunctionalInterface
    public interface Sink {
        void entry(ManifestEntry e) throws IOException;
    }

    private static final String ATTRIBUTES = "unix:mode,size,lastModifiedTime,ctime";

    private final byte[] baseRaw;
    private final ExcludeFilter excludes;
    private final BooleanSupplier stopped;

    /**
     * @param stopped polled between directories; when true the walk ends with an InterruptedIOException
     */
    public TreeScan(java.nio.file.Path baseDir, ExcludeFilter excludes, BooleanSupplier stopped) {
        this.baseRaw = BaseDirPaths.rawBytes(baseDir.toAbsolutePath().normalize());
        this.excludes = Objects.requireNonNull(excludes, "excludes");
        this.stopped = Objects.requireNonNull(stopped, "stopped");
    }

    /**
     * Walks {@code roots} (none below another) and hands every entry to {@code sink}.
     *
     * @return the number of entries
     */
    public long scan(List<RelPath> roots, Sink sink) throws IOException {
        List<RelPath> sorted = new ArrayList<>(roots);
        sorted.sort(SubtreeOrder.INSTANCE);
        long[] count = {0};
        for (RelPath root : sorted) {
            walk(root, sink, count);
        }
        return count[0];
    }

    private void walk(RelPath dir, Sink sink, long[] count) throws IOException {
        if (stopped.getAsBoolean()) {
            throw new InterruptedIOException("stopped while walking the tree");
        }
        List<byte[]> names = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        int errno = DirListing.list(absOf(dir), (name, type) -> {
            names.add(name);
            types.add(type);
        });
        if (errno == LibC.ENOENT || errno == LibC.ENOTDIR || errno == LibC.ELOOP) {
            return; // gone or replaced since its parent was listed: that is an event
        }
        if (errno != 0) {
            throw new IOException("cannot list [" + dir + "]: " + LibC.errnoName(errno)); // never guess a deletion
        }
        Integer[] order = new Integer[names.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(names.get(a), names.get(b)));
        for (int i : order) {
            RelPath child = dir.resolve(names.get(i));
            int type = types.get(i);
            EntryType hint = type == DirListing.DT_DIR ? EntryType.DIRECTORY
                    : type == DirListing.DT_UNKNOWN ? EntryType.UNKNOWN : EntryType.FILE;
            if (hint != EntryType.UNKNOWN && excludes.excludesEntry(child, hint)) {
                continue;
            }
            ManifestEntry e = lstat(child);
            if (e == null) {
                continue;
            }
            if (hint == EntryType.UNKNOWN
                    && excludes.excludesEntry(child, e.isDirectory() ? EntryType.DIRECTORY : EntryType.FILE)) {
                continue;
            }
            sink.entry(e);
            count[0]++;
            if (e.isDirectory()) {
                walk(child, sink, count);
            }
        }
    }

    /** The root's own state (the walk does not report roots), or empty when it is gone. */
    public Optional<ManifestEntry> root(RelPath root) throws IOException {
        return Optional.ofNullable(lstat(root));
    }

    private ManifestEntry lstat(RelPath p) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(BaseDirPaths.fromRaw(absOf(p)), ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
            return new ManifestEntry(p, (Integer) a.get("mode"), (Long) a.get("size"),
                    nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    private byte[] absOf(RelPath rel) {
        return rel.isBase() ? baseRaw : RawPaths.child(baseRaw, rel.bytes());
    }
}

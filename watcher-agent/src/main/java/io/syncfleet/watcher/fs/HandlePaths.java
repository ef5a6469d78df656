package io.syncfleet.watcher.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Directory handle to absolute path, for the fanotify backend: {@code open_by_handle_at} on a descriptor
 * of the handle's file system, then {@code readlink} of {@code /proc/self/fd/N}, cached.
 *
 * <p>The cache holds every directory that had events lately, inside the watched roots or not (a whole
 * file system reports), up to {@value #MAX_CACHED} entries; then it starts over. A renamed directory
 * makes every cached path below it wrong, so the backend {@link #forget forgets} all at any directory
 * rename; handles stay valid, so they are resolved again at the next event. A directory that is
 * already deleted resolves to nothing (ESTALE), unless it is still cached.
 *
 * <p>Used by the backend's event thread only; not thread-safe.
 */
final class HandlePaths implements AutoCloseable {

    static final int MAX_CACHED = 65_536;

    private static final byte[] DELETED_SUFFIX = " (deleted)".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HANDLE_BYTES = 128;

    private final Map<Long, Integer> mountFds = new HashMap<>();
    private final Map<DirHandle, byte[]> cache = new HashMap<>();
    private final byte[] link = new byte[4096];

    /**
     * Opens a descriptor on the file system of {@code dir} (raw absolute path), for handles of that
     * file system; returns its fsid.
     */
    long addFileSystemOf(byte[] dir) throws IOException {
        long fsid = fsidOf(dir);
        if (!mountFds.containsKey(fsid)) {
            int fd = LibC.open(LibC.cString(dir), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("cannot open [" + new String(dir, StandardCharsets.UTF_8) + "]: "
                        + LibC.errnoName(LibC.errno()));
            }
            mountFds.put(fsid, fd);
        }
        return fsid;
    }

    /** The handle of the directory at {@code dir} now, not following a symlink in its last name. */
    static Optional<DirHandle> handleOf(byte[] dir, long fsid) {
        byte[] handle = new byte[8 + MAX_HANDLE_BYTES];
        ByteBuffer.wrap(handle).order(ByteOrder.nativeOrder()).putInt(0, MAX_HANDLE_BYTES);
        if (Fanotify.name_to_handle_at(Fanotify.AT_FDCWD, LibC.cString(dir), handle, new int[1], 0) < 0) {
            return Optional.empty();
        }
        int used = ByteBuffer.wrap(handle).order(ByteOrder.nativeOrder()).getInt(0);
        return Optional.of(new DirHandle(fsid, Arrays.copyOf(handle, 8 + used)));
    }

    static long fsidOf(byte[] path) throws IOException {
        ByteBuffer st = ByteBuffer.allocateDirect(120).order(ByteOrder.nativeOrder());
        if (Fanotify.statfs(LibC.cString(path), st) < 0) {
            throw new IOException("statfs of [" + new String(path, StandardCharsets.UTF_8) + "] failed: "
                    + LibC.errnoName(LibC.errno()));
        }
        return st.getLong(56);
    }

    /** The directory's absolute path now, or empty when it is gone or on a file system not added. */
    Optional<byte[]> resolve(DirHandle dir) {
        byte[] cached = cache.get(dir);
        if (cached != null) {
            return Optional.of(cached);
        }
        Integer mountFd = mountFds.get(dir.fsid());
        if (mountFd == null) {
            return Optional.empty();
        }
        int fd = Fanotify.open_by_handle_at(mountFd, dir.fileHandle(), Fanotify.O_PATH | LibC.O_CLOEXEC);
        if (fd < 0) {
            return Optional.empty(); // ESTALE: deleted
        }
        byte[] path;
        try {
            long n = Fanotify.readlink(LibC.cString(("/proc/self/fd/" + fd).getBytes(StandardCharsets.US_ASCII)),
                    link, link.length);
            if (n <= 0 || n >= link.length) {
                return Optional.empty();
            }
            path = Arrays.copyOf(link, (int) n);
        } finally {
            LibC.close(fd);
        }
        if (endsWith(path, DELETED_SUFFIX) && !handleOf(path, dir.fsid()).map(dir::equals).orElse(false)) {
            return Optional.empty(); // unlinked while we looked; a live directory may bear that name, checked
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(dir, path);
        return Optional.of(path);
    }

    /** Forgets every cached path: a directory was renamed, so paths below it changed. */
    void forget() {
        cache.clear();
    }

    int cached() {
        return cache.size();
    }

    @Override
    public void close() {
        for (int fd : mountFds.values()) {
            LibC.close(fd);
        }
        mountFds.clear();
        cache.clear();
    }

    private static boolean endsWith(byte[] b, byte[] suffix) {
        return b.length >= suffix.length
                && Arrays.equals(b, b.length - suffix.length, b.length, suffix, 0, suffix.length);
    }
}

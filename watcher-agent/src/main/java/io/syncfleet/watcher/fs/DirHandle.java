package io.syncfleet.watcher.fs;

import java.util.Arrays;

/**
 * A directory's identity as fanotify reports it: the file system id and the {@code struct file_handle}
 * ({@code handle_bytes}, {@code handle_type}, then the opaque bytes) that {@code open_by_handle_at}
 * takes back. Stable across renames; a deleted directory's handle resolves no more ({@code ESTALE}).
 */
final class DirHandle {

    private final long fsid;
    private final byte[] fileHandle;
    private final int hash;

    DirHandle(long fsid, byte[] fileHandle) {
        this.fsid = fsid;
        this.fileHandle = fileHandle;
        this.hash = 31 * Long.hashCode(fsid) + Arrays.hashCode(fileHandle);
    }

    long fsid() {
        return fsid;
    }

    /** The {@code struct file_handle} bytes; not a copy, do not change them. */
    byte[] fileHandle() {
        return fileHandle;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirHandle h && h.fsid == fsid && Arrays.equals(h.fileHandle, fileHandle);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("fsid ").append(Long.toHexString(fsid)).append(" handle ");
        for (byte b : fileHandle) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}

package io.syncfleet.watcher.fs;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;

/**
 * The libc calls of the fanotify backend, direct-mapped through JNA like {@link LibC} (x86-64 Linux;
 * glibc 2.14 or newer), kept apart so a libc without them cannot break the inotify backend. Constants
 * are those of {@code <sys/fanotify.h>} and the x86-64 kernel ABI.
 */
final class Fanotify {

    static final int FAN_CLASS_NOTIF = 0;
    static final int FAN_CLOEXEC = 0x1;
    static final int FAN_NONBLOCK = 0x2;
    static final int FAN_UNLIMITED_QUEUE = 0x10;
    /** FAN_REPORT_DIR_FID | FAN_REPORT_NAME: events carry the directory's file handle and the entry's name. */
    static final int FAN_REPORT_DFID_NAME = 0xc00;

    static final int FAN_MARK_ADD = 0x1;
    static final int FAN_MARK_FILESYSTEM = 0x100;

    static final long FAN_ATTRIB = 0x4;
    static final long FAN_CLOSE_WRITE = 0x8;
    static final long FAN_MOVED_FROM = 0x40;
    static final long FAN_MOVED_TO = 0x80;
    static final long FAN_CREATE = 0x100;
    static final long FAN_DELETE = 0x200;
    static final long FAN_DELETE_SELF = 0x400;
    static final long FAN_MOVE_SELF = 0x800;
    static final long FAN_Q_OVERFLOW = 0x4000;
    static final long FAN_ONDIR = 0x4000_0000L;

    /** The kernel's O_LARGEFILE on x86-64 (glibc's header defines it as 0 for 64-bit programs). */
    static final int O_LARGEFILE = 0x8000;
    static final int O_PATH = 0x200000;
    static final int AT_FDCWD = -100;
    static final int ESTALE = 116;

    static {
        if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
            throw new UnsupportedOperationException("needs x86-64 Linux, this is " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch"));
        }
        Native.register(Fanotify.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private Fanotify() {
    }

    static native int fanotify_init(int flags, int eventFlags);

    static native int fanotify_mark(int fd, int flags, long mask, int dirfd, byte[] pathname);

    /** {@code handle} is a {@code struct file_handle} as an event carries it. */
    static native int open_by_handle_at(int mountFd, byte[] handle, int flags);

    /** {@code handle} must hold {@code handle_bytes} (set by the caller) plus 8; {@code mountId} one int. */
    static native int name_to_handle_at(int dirfd, byte[] pathname, byte[] handle, int[] mountId, int flags);

    static native long readlink(byte[] pathname, byte[] buf, long size);

    /** {@code buf} takes a {@code struct statfs} (120 bytes on x86-64); f_fsid is at byte 56. */
    static native int statfs(byte[] pathname, ByteBuffer buf);
}

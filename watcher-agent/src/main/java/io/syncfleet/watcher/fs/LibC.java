package io.syncfleet.watcher.fs;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;

/**
 * The few libc calls of the inotify backend, direct-mapped through JNA: x86-64 Linux (the open
 * flags below are that architecture's), glibc 2.30 or newer for {@code getdents64}. Paths go in as NUL-terminated raw bytes, never as
 * Strings. A call that fails returns -1; {@link #errno()} then tells why.
 *
 * <p>Loading this class fails with a {@link LinkageError} where JNA or a symbol is missing; callers
 * probe it once ({@link InotifyWatchBackend#unavailableReason()}).
 */
final class LibC {

    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 0x800;
    static final int O_DIRECTORY = 0x10000;
    static final int O_NOFOLLOW = 0x20000;
    static final int O_CLOEXEC = 0x80000;

    static final short POLLIN = 0x1;

    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int ENOTDIR = 20;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ELOOP = 40;

    static {
        if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
            throw new UnsupportedOperationException("needs x86-64 Linux, this is " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch"));
        }
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    static native int inotify_init1(int flags);

    static native int inotify_add_watch(int fd, byte[] pathname, int mask);

    static native int inotify_rm_watch(int fd, int wd);

    /** Declared with two arguments: the mode argument is read only with O_CREAT or O_TMPFILE. */
    static native int open(byte[] pathname, int flags);

    static native long getdents64(int fd, ByteBuffer dirp, long count);

    static native long read(int fd, ByteBuffer buf, long count);

    static native long write(int fd, byte[] buf, long count);

    static native int close(int fd);

    static native int eventfd(int initval, int flags);

    static native int poll(ByteBuffer fds, long nfds, int timeout);

    /** errno of this thread's last failed call. */
    static int errno() {
        return Native.getLastError();
    }

    /** The name of an errno value, e.g. {@code ENOSPC (28)}, for messages. */
    static String errnoName(int errno) {
        String name = switch (errno) {
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case ENOTDIR -> "ENOTDIR";
            case EINVAL -> "EINVAL";
            case ENOSPC -> "ENOSPC";
            case ELOOP -> "ELOOP";
            case 1 -> "EPERM";
            case 12 -> "ENOMEM";
            case 24 -> "EMFILE";
            case 38 -> "ENOSYS";
            default -> "errno";
        };
        return name + " (" + errno + ")";
    }

    /** {@code path} followed by a NUL byte, as the kernel wants it. */
    static byte[] cString(byte[] path) {
        byte[] c = new byte[path.length + 1];
        System.arraycopy(path, 0, c, 0, path.length);
        return c;
    }
}

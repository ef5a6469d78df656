package io.syncfleet.watcher.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Lists a directory with {@code getdents64}: raw names and the entry type the file system keeps in
 * the directory, with no {@code stat} per entry and no String decoding. Records are
 * {@code struct linux_dirent64}:
 * <pre>
 *   uint64_t d_ino;
 *   int64_t  d_off;
 *   uint16_t d_reclen;  // length of this record, padded
 *   uint8_t  d_type;    // DT_DIR, DT_REG, DT_LNK..., or DT_UNKNOWN where the file system does not say
 *   char     d_name[];  // NUL terminated
 * </pre>
 */
final class DirListing {

    static final int DT_UNKNOWN = 0;
    static final int DT_DIR = 4;
    static final int DT_REG = 8;
    static final int DT_LNK = 10;

    static final int BUFFER_BYTES = 32 * 1024;

    private static final int NAME_OFFSET = 19;
    private static final ThreadLocal<ByteBuffer> BUFFERS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.nativeOrder()));

    /** Receives the entries of a directory, {@code .} and {@code ..} excluded. */
    @FunctionalInterface
    interface Entries {
        void entry(byte[] name, int type);
    }

    private DirListing() {
    }

    /**
     * Lists the directory at {@code path} (raw absolute bytes) without following a symlink in its
     * last component.
     *
     * @return 0, or the errno of the failed open or read (ENOENT, ENOTDIR, ELOOP: gone or replaced)
     */
    static int list(byte[] path, Entries out) {
        int fd = LibC.open(LibC.cString(path), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC
                | LibC.O_NONBLOCK);
        if (fd < 0) {
            return LibC.errno();
        }
        try {
            ByteBuffer buf = BUFFERS.get();
            while (true) {
                long n = LibC.getdents64(fd, buf, buf.capacity());
                if (n < 0) {
                    int errno = LibC.errno();
                    if (errno == LibC.EINTR) {
                        continue;
                    }
                    return errno;
                }
                if (n == 0) {
                    return 0;
                }
                parse(buf, (int) n, out);
            }
        } finally {
            LibC.close(fd);
        }
    }

    /** Parses {@code length} bytes of getdents64 records from index 0 of {@code buf}. */
    static void parse(ByteBuffer buf, int length, Entries out) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.nativeOrder());
        int off = 0;
        while (off < length) {
            if (length - off < NAME_OFFSET + 1) {
                throw new IllegalArgumentException("truncated dirent64 at byte " + off + " of " + length);
            }
            int reclen = b.getShort(off + 16) & 0xffff;
            if (reclen <= NAME_OFFSET || reclen > length - off) {
                throw new IllegalArgumentException("dirent64 at byte " + off + " has length " + reclen + ", "
                        + (length - off) + " bytes left");
            }
            int type = b.get(off + 18) & 0xff;
            int start = off + NAME_OFFSET;
            int end = start;
            int limit = off + reclen;
            while (end < limit && b.get(end) != 0) {
                end++;
            }
            int len = end - start;
            boolean dot = len == 1 && b.get(start) == '.';
            boolean dotDot = len == 2 && b.get(start) == '.' && b.get(start + 1) == '.';
            if (len > 0 && !dot && !dotDot) {
                byte[] name = new byte[len];
                b.get(start, name);
                out.entry(name, type);
            }
            off += reclen;
        }
    }
}

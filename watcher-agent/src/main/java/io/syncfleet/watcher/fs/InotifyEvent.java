package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.PathCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code struct inotify_event} as read from an inotify file descriptor, and the parser of a
 * read buffer (see inotify(7)):
 * <pre>
 *   int      wd;       // watch descriptor, -1 for IN_Q_OVERFLOW
 *   uint32_t mask;
 *   uint32_t cookie;   // pairs IN_MOVED_FROM with IN_MOVED_TO
 *   uint32_t len;      // size of name, NUL padded; 0 for events on the watched directory itself
 *   char     name[len];
 * </pre>
 * in the machine's byte order. A read returns whole records only.
 *
 * @param wd the watch the event is for
 * @param mask what happened (the {@code IN_*} bits)
 * @param cookie the rename cookie, 0 otherwise
 * @param name the entry's name as raw bytes without padding; empty for the watched directory itself
 */
record InotifyEvent(int wd, int mask, int cookie, byte[] name) {

    static final int IN_MODIFY = 0x2;
    static final int IN_ATTRIB = 0x4;
    static final int IN_CLOSE_WRITE = 0x8;
    static final int IN_MOVED_FROM = 0x40;
    static final int IN_MOVED_TO = 0x80;
    static final int IN_CREATE = 0x100;
    static final int IN_DELETE = 0x200;
    static final int IN_DELETE_SELF = 0x400;
    static final int IN_MOVE_SELF = 0x800;
    static final int IN_UNMOUNT = 0x2000;
    static final int IN_Q_OVERFLOW = 0x4000;
    static final int IN_IGNORED = 0x8000;
    static final int IN_ONLYDIR = 0x01000000;
    static final int IN_DONT_FOLLOW = 0x02000000;
    static final int IN_EXCL_UNLINK = 0x04000000;
    static final int IN_ISDIR = 0x40000000;

    static final int IN_NONBLOCK = LibC.O_NONBLOCK;
    static final int IN_CLOEXEC = LibC.O_CLOEXEC;

    /** Size of the fixed part of a record. */
    static final int HEADER = 16;
    /** The largest record: a name of NAME_MAX (255) bytes plus its NUL. */
    static final int MAX_RECORD = HEADER + 256;

    InotifyEvent {
        name = name == null ? new byte[0] : name;
    }

    boolean is(int bits) {
        return (mask & bits) != 0;
    }

    /** True for events on the watched directory itself rather than on an entry in it. */
    boolean isSelf() {
        return name.length == 0;
    }

    /**
     * Parses {@code length} bytes of {@code buf} from index 0.
     *
     * @throws IllegalArgumentException on a truncated record: the kernel never returns one, so the
     *         buffer is not what a read returned
     */
    static List<InotifyEvent> parse(ByteBuffer buf, int length) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.nativeOrder());
        List<InotifyEvent> events = new ArrayList<>(Math.max(1, length / 32));
        int off = 0;
        while (off < length) {
            if (length - off < HEADER) {
                throw new IllegalArgumentException("truncated inotify event header at byte " + off + " of " + length);
            }
            int wd = b.getInt(off);
            int mask = b.getInt(off + 4);
            int cookie = b.getInt(off + 8);
            int len = b.getInt(off + 12);
            if (len < 0 || len > length - off - HEADER) {
                throw new IllegalArgumentException("inotify event at byte " + off + " claims a name of " + len
                        + " bytes, only " + (length - off - HEADER) + " left");
            }
            int start = off + HEADER;
            int end = start;
            while (end < start + len && b.get(end) != 0) {
                end++;
            }
            byte[] name = new byte[end - start];
            b.get(start, name);
            events.add(new InotifyEvent(wd, mask, cookie, name));
            off = start + len;
        }
        return events;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InotifyEvent e && wd == e.wd && mask == e.mask && cookie == e.cookie
                && Arrays.equals(name, e.name);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * wd + mask) + cookie) + Arrays.hashCode(name);
    }

    @Override
    public String toString() {
        return "InotifyEvent[wd=" + wd + ", mask=0x" + Integer.toHexString(mask) + ", cookie=" + cookie + ", name="
                + PathCodec.encode(name) + "]";
    }
}

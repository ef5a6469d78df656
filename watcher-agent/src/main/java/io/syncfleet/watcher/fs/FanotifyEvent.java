package io.syncfleet.watcher.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One fanotify event of a {@code FAN_REPORT_DFID_NAME} group, parsed from what {@code read(2)} returns:
 * <pre>
 *   struct fanotify_event_metadata {      // 24 bytes
 *     u32 event_len; u8 vers; u8 reserved; u16 metadata_len;
 *     u64 mask; s32 fd (FAN_NOFD); s32 pid;
 *   }
 *   then info records, each: u8 info_type; u8 pad; u16 len;
 *     for DFID_NAME (2) and DFID (3): __kernel_fsid_t fsid (8 bytes);
 *       struct file_handle { u32 handle_bytes; s32 handle_type; u8 f_handle[handle_bytes]; }
 *       and for DFID_NAME the entry's name, NUL terminated ("." for an event on the directory itself)
 * </pre>
 * An event without a directory record (FAN_Q_OVERFLOW) has a null handle and name.
 *
 * @param mask what happened ({@code FAN_*} bits; the kernel merges repeats of one entry into one event)
 * @param dir the directory the event is about, or null
 * @param name the entry's raw name; {@code "."} or null for the directory itself
 */
record FanotifyEvent(long mask, DirHandle dir, byte[] name) {

    static final int METADATA_VERSION = 3;
    static final int INFO_DFID_NAME = 2;
    static final int INFO_DFID = 3;

    private static final int METADATA_LEN = 24;

    boolean is(long bits) {
        return (mask & bits) != 0;
    }

    /** True for an event on the directory {@link #dir} itself: name {@code "."}, or no name record. */
    boolean isSelf() {
        return name == null || (name.length == 1 && name[0] == '.');
    }

    /**
     * Parses {@code length} bytes of events from index 0 of {@code buf}.
     *
     * @throws IllegalArgumentException on a truncated or malformed event, or an unknown metadata version
     */
    static List<FanotifyEvent> parse(ByteBuffer buf, int length) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.nativeOrder());
        List<FanotifyEvent> events = new ArrayList<>();
        int off = 0;
        while (off < length) {
            if (length - off < METADATA_LEN) {
                throw new IllegalArgumentException("truncated fanotify event at byte " + off + " of " + length);
            }
            int eventLen = b.getInt(off);
            int version = b.get(off + 4) & 0xff;
            int metadataLen = b.getShort(off + 6) & 0xffff;
            if (version != METADATA_VERSION) {
                throw new IllegalArgumentException("fanotify metadata version " + version + ", expected "
                        + METADATA_VERSION);
            }
            if (eventLen < METADATA_LEN || eventLen > length - off || metadataLen < METADATA_LEN
                    || metadataLen > eventLen) {
                throw new IllegalArgumentException("fanotify event at byte " + off + " has length " + eventLen
                        + " (metadata " + metadataLen + "), " + (length - off) + " bytes left");
            }
            long mask = b.getLong(off + 8);
            DirHandle dir = null;
            byte[] name = null;
            int info = off + metadataLen;
            int end = off + eventLen;
            while (info + 4 <= end) {
                int type = b.get(info) & 0xff;
                int len = b.getShort(info + 2) & 0xffff;
                if (len < 4 || len > end - info) {
                    throw new IllegalArgumentException("fanotify info record at byte " + info + " has length " + len);
                }
                if ((type == INFO_DFID_NAME || type == INFO_DFID) && dir == null) {
                    int handleAt = info + 12;
                    int handleBytes = b.getInt(handleAt);
                    int handleEnd = handleAt + 8 + handleBytes;
                    if (handleBytes < 0 || handleEnd > info + len) {
                        throw new IllegalArgumentException("fanotify file handle of " + handleBytes
                                + " bytes overruns its record at byte " + info);
                    }
                    byte[] handle = new byte[8 + handleBytes];
                    b.get(handleAt, handle);
                    dir = new DirHandle(b.getLong(info + 4), handle);
                    if (type == INFO_DFID_NAME) {
                        int nameEnd = handleEnd;
                        while (nameEnd < info + len && b.get(nameEnd) != 0) {
                            nameEnd++;
                        }
                        name = new byte[nameEnd - handleEnd];
                        b.get(handleEnd, name);
                    }
                }
                info += len;
            }
            events.add(new FanotifyEvent(mask, dir, name));
            off += eventLen;
        }
        return events;
    }
}

package io.syncfleet.watcher.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events laid out byte for byte as the kernel writes them (as seen from a C probe on this machine). */
class FanotifyEventTest {

    private static final byte[] F_HANDLE = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final long FSID = 0x1122334455667788L;

    private final ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());

    /** One event; {@code infoType} 0 for none, {@code name} null for a DFID record. */
    private void event(long mask, int infoType, byte[] name) {
        int start = buf.position();
        int infoLen = infoType == 0 ? 0 : align(4 + 8 + 8 + F_HANDLE.length + (name == null ? 0 : name.length + 1));
        buf.putInt(24 + infoLen).put((byte) 3).put((byte) 0).putShort((short) 24).putLong(mask).putInt(-1).putInt(42);
        if (infoType != 0) {
            buf.put((byte) infoType).put((byte) 0).putShort((short) infoLen).putLong(FSID);
            buf.putInt(F_HANDLE.length).putInt(1).put(F_HANDLE);
            if (name != null) {
                buf.put(name).put((byte) 0);
            }
            while (buf.position() < start + 24 + infoLen) {
                buf.put((byte) 0);
            }
        }
    }

    private static int align(int n) {
        return (n + 3) & ~3;
    }

    private List<FanotifyEvent> parse() {
        return FanotifyEvent.parse(buf, buf.position());
    }

    @Test
    void parsesDirectoryHandleAndRawName() {
        byte[] odd = {'b', (byte) 0xff, '\n', '-'};
        event(Fanotify.FAN_CREATE | Fanotify.FAN_CLOSE_WRITE, FanotifyEvent.INFO_DFID_NAME, odd);
        event(Fanotify.FAN_MOVED_TO | Fanotify.FAN_ONDIR, FanotifyEvent.INFO_DFID_NAME, "pic".getBytes(StandardCharsets.UTF_8));
        List<FanotifyEvent> events = parse();
        assertEquals(2, events.size());
        FanotifyEvent first = events.get(0);
        assertTrue(first.is(Fanotify.FAN_CREATE) && first.is(Fanotify.FAN_CLOSE_WRITE), "merged bits kept");
        assertFalse(first.is(Fanotify.FAN_ONDIR));
        assertArrayEquals(odd, first.name());
        assertFalse(first.isSelf());
        byte[] fileHandle = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putInt(8).putInt(1).put(F_HANDLE).array();
        assertEquals(new DirHandle(FSID, fileHandle), first.dir());
        assertEquals(first.dir(), events.get(1).dir(), "same directory, same key");
        assertTrue(events.get(1).is(Fanotify.FAN_ONDIR));
    }

    @Test
    void anEventOnTheDirectoryItselfIsSelf() {
        event(Fanotify.FAN_ATTRIB | Fanotify.FAN_ONDIR, FanotifyEvent.INFO_DFID_NAME, new byte[] {'.'});
        event(Fanotify.FAN_DELETE_SELF | Fanotify.FAN_ONDIR, FanotifyEvent.INFO_DFID, null);
        List<FanotifyEvent> events = parse();
        assertTrue(events.get(0).isSelf());
        assertTrue(events.get(1).isSelf());
        assertNull(events.get(1).name());
    }

    @Test
    void anOverflowHasNoDirectory() {
        event(Fanotify.FAN_Q_OVERFLOW, 0, null);
        FanotifyEvent e = parse().get(0);
        assertTrue(e.is(Fanotify.FAN_Q_OVERFLOW));
        assertNull(e.dir());
    }

    @Test
    void truncatedOrForeignEventsAreRefused() {
        event(Fanotify.FAN_CREATE, FanotifyEvent.INFO_DFID_NAME, new byte[] {'x'});
        assertThrows(IllegalArgumentException.class, () -> FanotifyEvent.parse(buf, buf.position() - 1));
        buf.put(4, (byte) 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::parse);
        assertEquals("fanotify metadata version 2, expected 3", e.getMessage());
    }
}

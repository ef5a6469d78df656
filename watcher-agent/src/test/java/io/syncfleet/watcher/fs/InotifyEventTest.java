package io.syncfleet.watcher.fs;

import static io.syncfleet.watcher.fs.InotifyEvent.IN_CLOSE_WRITE;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_CREATE;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_IGNORED;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_ISDIR;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_MOVED_FROM;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_MOVED_TO;
import static io.syncfleet.watcher.fs.InotifyEvent.IN_Q_OVERFLOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InotifyEventTest {

    /** Records as the kernel writes them: native order, the name NUL padded to {@code padTo} bytes. */
    private static final class Records {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Records add(int wd, int mask, int cookie, byte[] name, int padTo) {
            ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            h.putInt(wd).putInt(mask).putInt(cookie).putInt(padTo);
            out.writeBytes(h.array());
            out.writeBytes(name);
            out.writeBytes(new byte[padTo - name.length]);
            return this;
        }

        ByteBuffer buffer() {
            byte[] b = out.toByteArray();
            ByteBuffer direct = ByteBuffer.allocateDirect(b.length + 100); // like a read buffer: longer than the data
            direct.put(b).clear();
            return direct;
        }

        int length() {
            return out.size();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesConsecutiveRecordsAndDropsThePadding() {
        Records r = new Records()
                .add(1, IN_CREATE | IN_ISDIR, 0, utf8("new-dir"), 16)
                .add(1, IN_CLOSE_WRITE, 0, utf8("index.html"), 16)
                .add(7, IN_MOVED_FROM, 42, utf8("old"), 4)
                .add(9, IN_MOVED_TO, 42, utf8("new"), 32);
        List<InotifyEvent> events = InotifyEvent.parse(r.buffer(), r.length());
        assertEquals(List.of(new InotifyEvent(1, IN_CREATE | IN_ISDIR, 0, utf8("new-dir")),
                new InotifyEvent(1, IN_CLOSE_WRITE, 0, utf8("index.html")),
                new InotifyEvent(7, IN_MOVED_FROM, 42, utf8("old")),
                new InotifyEvent(9, IN_MOVED_TO, 42, utf8("new"))), events);
        assertTrue(events.get(0).is(IN_ISDIR));
        assertFalse(events.get(1).is(IN_ISDIR));
    }

    @Test
    void namesKeepEveryByteThatIsNotUtf8() {
        byte[] odd = {'-', (byte) 0xff, (byte) 0xfe, '\n', ' ', 'x'};
        Records r = new Records().add(3, IN_CLOSE_WRITE, 0, odd, 16);
        assertArrayEquals(odd, InotifyEvent.parse(r.buffer(), r.length()).get(0).name());
    }

    @Test
    void aNameOfTheMaximumLengthFits() {
        byte[] longest = new byte[255];
        java.util.Arrays.fill(longest, (byte) 'n');
        Records r = new Records().add(3, IN_CREATE, 0, longest, 256);
        assertEquals(InotifyEvent.MAX_RECORD, r.length());
        assertArrayEquals(longest, InotifyEvent.parse(r.buffer(), r.length()).get(0).name());
    }

    @Test
    void selfEventsAndOverflowHaveNoName() {
        Records r = new Records().add(5, IN_IGNORED, 0, new byte[0], 0).add(-1, IN_Q_OVERFLOW, 0, new byte[0], 0);
        List<InotifyEvent> events = InotifyEvent.parse(r.buffer(), r.length());
        assertTrue(events.get(0).isSelf());
        assertEquals(-1, events.get(1).wd());
        assertTrue(events.get(1).is(IN_Q_OVERFLOW));
    }

    @Test
    void onlyTheReadLengthIsParsed() {
        Records r = new Records().add(1, IN_CREATE, 0, utf8("a"), 16).add(2, IN_CREATE, 0, utf8("b"), 16);
        assertEquals(1, InotifyEvent.parse(r.buffer(), 32).size());
        assertEquals(List.of(), InotifyEvent.parse(r.buffer(), 0));
    }

    @Test
    void aTruncatedRecordIsRefused() {
        Records r = new Records().add(1, IN_CREATE, 0, utf8("abc"), 16);
        IllegalArgumentException header = assertThrows(IllegalArgumentException.class,
                () -> InotifyEvent.parse(r.buffer(), 10));
        assertTrue(header.getMessage().contains("truncated"), header.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> InotifyEvent.parse(r.buffer(), 20));
        assertTrue(name.getMessage().contains("claims a name of 16 bytes, only 4 left"), name.getMessage());
    }

    @Test
    void toStringShowsTheMaskInHexAndTheNameEncoded() {
        String s = new InotifyEvent(4, IN_CREATE | IN_ISDIR, 0, new byte[] {'a', (byte) 0xff}).toString();
        assertTrue(s.contains("mask=0x40000100"), s);
        assertFalse(s.contains("\ufffd"), s);
    }
}

package io.syncfleet.watcher.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.syncfleet.common.path.PathCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirListingTest {

    /** getdents64 records: ino, off, reclen, type, the NUL-terminated name, padded to 8 bytes. */
    private static final class Dirents {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Dirents add(byte[] name, int type) {
            int reclen = (19 + name.length + 1 + 7) / 8 * 8;
            ByteBuffer r = ByteBuffer.allocate(reclen).order(ByteOrder.nativeOrder());
            r.putLong(1234).putLong(99).putShort((short) reclen).put((byte) type).put(name);
            out.writeBytes(r.array());
            return this;
        }

        Dirents add(String name, int type) {
            return add(name.getBytes(StandardCharsets.UTF_8), type);
        }

        ByteBuffer buffer() {
            byte[] b = out.toByteArray();
            return ByteBuffer.allocateDirect(DirListing.BUFFER_BYTES).put(b).clear();
        }

        int length() {
            return out.size();
        }
    }

    private static List<String> parse(Dirents d, int length) {
        List<String> seen = new ArrayList<>();
        DirListing.parse(d.buffer(), length, (name, type) -> seen.add(PathCodec.encode(name) + ":" + type));
        return seen;
    }

    @Test
    void parsesNamesAndTypesSkippingDotAndDotDot() {
        Dirents d = new Dirents().add(".", DirListing.DT_DIR).add("css", DirListing.DT_DIR).add("..", DirListing.DT_DIR)
                .add("index.html", DirListing.DT_REG).add("link", DirListing.DT_LNK).add("..x", DirListing.DT_UNKNOWN);
        assertEquals(List.of("css:4", "index.html:8", "link:10", "..x:0"), parse(d, d.length()));
    }

    @Test
    void rawNamesArriveAsTheirBytes() {
        byte[] odd = {'-', (byte) 0xff, (byte) 0xfe, '\n'};
        Dirents d = new Dirents().add(odd, DirListing.DT_REG);
        List<byte[]> names = new ArrayList<>();
        DirListing.parse(d.buffer(), d.length(), (name, type) -> names.add(name));
        assertEquals(PathCodec.encode(odd), PathCodec.encode(names.get(0)));
        assertEquals(4, names.get(0).length);
    }

    @Test
    void aBadRecordLengthIsRefused() {
        Dirents d = new Dirents().add("abc", DirListing.DT_REG);
        assertThrows(IllegalArgumentException.class, () -> parse(d, 16));
        assertThrows(IllegalArgumentException.class, () -> parse(d, d.length() - 8));
    }
}

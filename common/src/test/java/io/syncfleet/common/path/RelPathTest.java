package io.syncfleet.common.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelPathTest {

    @Test
    void normalizesLeadingDotSlashAndTrailingSlash() {
        assertEquals(RelPath.of("a/b"), RelPath.of("./a/b/"));
        assertTrue(RelPath.of("").isBase());
        assertTrue(RelPath.of("./").isBase());
        assertTrue(RelPath.of(".").isBase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs", "a/../b", "..", "a//b", "a/./b", "../x"})
    void rejectsEscapesAndOddSegments(String bad) {
        assertThrows(IllegalArgumentException.class, () -> RelPath.of(bad));
    }

    @Test
    void rejectsNulByte() {
        assertThrows(IllegalArgumentException.class, () -> RelPath.of(new byte[] {'a', 0, 'b'}));
    }

    @Test
    void parentsAndContainment() {
        RelPath p = RelPath.of("x/y/z");
        assertEquals(RelPath.of("x/y"), p.parent());
        assertEquals(RelPath.BASE, RelPath.of("x").parent());
        assertNull(RelPath.BASE.parent());
        assertTrue(RelPath.of("x").contains(p));
        assertTrue(p.contains(p));
        assertFalse(RelPath.of("x/y/zz").contains(p));
        assertFalse(RelPath.of("x/y/z").contains(RelPath.of("x/y/zz")));
        assertTrue(RelPath.BASE.contains(p));
        assertArrayEquals("z".getBytes(StandardCharsets.UTF_8), p.fileName());
        assertEquals(RelPath.of("x/y/z/w"), p.resolve("w".getBytes(StandardCharsets.UTF_8)));
        assertEquals(RelPath.of("w"), RelPath.BASE.resolve("w".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void encodedFormRoundTripsAnyBytes() {
        byte[] raw = {'d', '/', 'a', (byte) 0xff, (byte) 0xfe, ' ', '\n', '%', '-', (byte) 0xc3, (byte) 0xa9};
        RelPath p = RelPath.of(raw);
        assertEquals("d/a%FF%FE %0A%25-é", p.encoded());
        assertEquals(p, RelPath.decode(p.encoded()));
        assertArrayEquals(raw, RelPath.decode(p.encoded()).bytes());
    }

    @Test
    void everySingleByteNameRoundTrips() {
        for (int b = 1; b < 256; b++) {
            if (b == '/' || b == '.') {
                continue;
            }
            RelPath p = RelPath.of(new byte[] {'n', (byte) b});
            assertEquals(p, RelPath.decode(p.encoded()), "byte " + b);
        }
    }

    @Test
    void ordersByUnsignedBytes() {
        assertTrue(RelPath.of("a").compareTo(RelPath.of(new byte[] {(byte) 0xff})) < 0);
    }
}

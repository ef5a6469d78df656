package io.syncfleet.watcher.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.path.RelPath;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SubtreeOrderTest {

    @Test
    void aSubtreeIsOneContiguousRange() {
        NavigableSet<RelPath> set = new TreeSet<>(SubtreeOrder.INSTANCE);
        for (String s : List.of("a", "a!", "a-b", "a.b", "a/x", "a/y/z", "a/ /q", "ab", "b", "a0", "a\u0001", "Z")) {
            set.add(RelPath.of(s));
        }
        RelPath a = RelPath.of("a");
        assertEquals(List.of(RelPath.of("a"), RelPath.of("a/ /q"), RelPath.of("a/x"), RelPath.of("a/y/z")),
                List.copyOf(set.subSet(a, true, SubtreeOrder.upperBound(a), false)));
    }

    @Test
    void bytesCompareUnsignedApartFromTheSlash() {
        RelPath high = RelPath.of(new byte[] {'a', (byte) 0xff});
        RelPath low = RelPath.of(new byte[] {'a', 0x7f});
        RelPath child = RelPath.of("a/z");
        assertEquals(1, Integer.signum(SubtreeOrder.INSTANCE.compare(high, low)));
        assertEquals(-1, Integer.signum(SubtreeOrder.INSTANCE.compare(child, low)));
        assertEquals(0, SubtreeOrder.INSTANCE.compare(child, RelPath.of("a/z")));
    }
}

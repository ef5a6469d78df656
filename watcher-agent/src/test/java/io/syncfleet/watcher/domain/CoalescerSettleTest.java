package io.syncfleet.watcher.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code watch.settle}: a path is held until it has been quiet that long. */
class CoalescerSettleTest {

    private static final long T0 = 1_000_000L;

    private final AtomicInteger ids = new AtomicInteger();
    private final Coalescer c = new Coalescer(Duration.ofMillis(20), Duration.ofMillis(500), 1000,
            () -> "w" + ids.incrementAndGet());

    private static RelPath p(String s) {
        return RelPath.of(s);
    }

    @Test
    void aPathIsHeldUntilItHasBeenQuietForTheSettleTime() {
        c.add(p("big.iso"), T0);
        c.add(p("big.iso"), T0 + 300); // still being written: the wait starts again
        assertFalse(c.isEmpty());
        assertEquals(1, c.heldPaths());
        assertEquals(OptionalLong.of(T0 + 800), c.nextDueMillis());
        assertEquals(Optional.empty(), c.drainIfDue(T0 + 520));
        assertEquals(Optional.empty(), c.drainIfDue(T0 + 799));
        assertEquals(Optional.empty(), c.drainIfDue(T0 + 800), "released into a window, due a delay later");
        assertEquals(0, c.heldPaths());
        assertEquals(OptionalLong.of(T0 + 820), c.nextDueMillis());
        Window w = c.drainIfDue(T0 + 820).orElseThrow();
        assertEquals(List.of(p("big.iso")), w.changed());
        assertEquals(T0 + 800, w.observedAtMillis());
        assertTrue(c.isEmpty());
    }

    @Test
    void eachPathSettlesOnItsOwn() {
        c.add(p("a"), T0);
        c.add(p("b"), T0 + 100);
        c.add(p("a"), T0 + 200);
        assertEquals(OptionalLong.of(T0 + 600), c.nextDueMillis(), "b is quiet first");
        c.drainIfDue(T0 + 600);
        Window first = c.drainIfDue(T0 + 620).orElseThrow();
        assertEquals(List.of(p("b")), first.changed());
        assertEquals(1, c.heldPaths());
        c.drainIfDue(T0 + 700);
        assertEquals(List.of(p("a")), c.drainIfDue(T0 + 720).orElseThrow().changed());
    }

    @Test
    void rescansAreNeverHeld() {
        c.rescan(p("www"), T0);
        assertEquals(OptionalLong.of(T0 + 20), c.nextDueMillis());
        assertEquals(List.of(p("www")), c.drainIfDue(T0 + 20).orElseThrow().rescans());
    }

    @Test
    void drainAllReleasesWhatIsStillHeld() {
        c.add(p("a"), T0);
        c.add(p("b"), T0 + 10);
        List<Window> all = c.drainAll();
        assertEquals(1, all.size());
        assertEquals(List.of(p("a"), p("b")), all.get(0).changed());
        assertTrue(c.isEmpty());
    }

    @Test
    void withoutSettleNothingIsHeld() {
        Coalescer plain = new Coalescer(Duration.ofMillis(20), Duration.ZERO, 1000, () -> "x");
        plain.add(p("a"), T0);
        assertEquals(0, plain.heldPaths());
        assertEquals(OptionalLong.of(T0 + 20), plain.nextDueMillis());
    }
}

package io.syncfleet.watcher.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescerTest {

    private static final long T0 = 1_000_000L;

    private final AtomicInteger ids = new AtomicInteger();
    private final Coalescer c = new Coalescer(Duration.ofMillis(20), 5, () -> "w" + ids.incrementAndGet());

    private static RelPath p(String s) {
        return RelPath.of(s);
    }

    private static List<RelPath> paths(String... s) {
        List<RelPath> out = new ArrayList<>();
        for (String x : s) {
            out.add(p(x));
        }
        return out;
    }

    @Test
    void emptyCoalescerHasNothingDue() {
        assertTrue(c.isEmpty());
        assertEquals(Optional.empty(), c.drainIfDue(Long.MAX_VALUE));
        assertEquals(OptionalLong.empty(), c.nextDueMillis());
        assertEquals(List.of(), c.drainAll());
    }

    @Test
    void windowOpensAtFirstEventAndIsDueExactlyDelayLater() {
        c.add(p("a"), T0);
        assertFalse(c.isEmpty());
        assertEquals(OptionalLong.of(T0 + 20), c.nextDueMillis());
        assertEquals(Optional.empty(), c.drainIfDue(T0));
        assertEquals(Optional.empty(), c.drainIfDue(T0 + 19));
        Window w = c.drainIfDue(T0 + 20).orElseThrow();
        assertEquals(paths("a"), w.changed());
        assertEquals(List.of(), w.rescans());
        assertEquals(T0, w.observedAtMillis());
        assertEquals("w1", w.batchId());
        assertTrue(c.isEmpty());
        assertEquals(OptionalLong.empty(), c.nextDueMillis());
    }

    @Test
    void laterEventsDoNotExtendTheWindow() {
        c.add(p("a"), T0);
        c.add(p("b"), T0 + 15);
        c.add(p("c"), T0 + 19);
        assertEquals(OptionalLong.of(T0 + 20), c.nextDueMillis());
        Window w = c.drainIfDue(T0 + 20).orElseThrow();
        assertEquals(paths("a", "b", "c"), w.changed());
        assertEquals(T0, w.observedAtMillis(), "observed time is the first event's");
    }

    @Test
    void pathsKeepFirstSeenOrderWithoutRepeats() {
        c.add(p("z"), T0);
        c.add(p("a"), T0 + 1);
        c.add(p("z"), T0 + 2);
        c.add(p("m"), T0 + 3);
        c.add(p("a"), T0 + 4);
        assertEquals(paths("z", "a", "m"), c.drainIfDue(T0 + 20).orElseThrow().changed());
    }

    @Test
    void eventAfterDrainOpensANewWindowWithANewId() {
        c.add(p("a"), T0);
        Window first = c.drainIfDue(T0 + 25).orElseThrow();
        c.add(p("a"), T0 + 30);
        assertEquals(OptionalLong.of(T0 + 50), c.nextDueMillis());
        Window second = c.drainIfDue(T0 + 50).orElseThrow();
        assertNotEquals(first.batchId(), second.batchId());
        assertEquals(T0 + 30, second.observedAtMillis());
        assertEquals(paths("a"), second.changed());
    }

    @Test
    void zeroDelayIsDueAtOnce() {
        Coalescer now = new Coalescer(Duration.ZERO, 10);
        now.add(p("a"), T0);
        assertEquals(OptionalLong.of(T0), now.nextDueMillis());
        assertEquals(paths("a"), now.drainIfDue(T0).orElseThrow().changed());
    }

    @Test
    void defaultIdsAreUuids() {
        Coalescer real = new Coalescer(Duration.ofMillis(1), 10);
        real.add(p("a"), T0);
        String id = real.drainIfDue(T0 + 1).orElseThrow().batchId();
        assertEquals(id, java.util.UUID.fromString(id).toString());
    }

    @Test
    void reachingMaxPathsClosesTheWindowEarly() {
        for (int i = 0; i < 5; i++) {
            c.add(p("f" + i), T0 + i);
        }
        assertEquals(OptionalLong.of(T0 + 4), c.nextDueMillis(), "due when it filled up");
        c.add(p("g"), T0 + 5); // opens the next window
        Window full = c.drainIfDue(T0 + 5).orElseThrow();
        assertEquals(paths("f0", "f1", "f2", "f3", "f4"), full.changed());
        assertEquals(T0, full.observedAtMillis());
        assertEquals(OptionalLong.of(T0 + 25), c.nextDueMillis());
        assertEquals(Optional.empty(), c.drainIfDue(T0 + 24));
        Window next = c.drainIfDue(T0 + 25).orElseThrow();
        assertEquals(paths("g"), next.changed());
        assertNotEquals(full.batchId(), next.batchId());
    }

    @Test
    void repeatsDoNotCountTowardsTheLimit() {
        for (int i = 0; i < 20; i++) {
            c.add(p("same"), T0 + i % 3);
        }
        c.add(p("b"), T0);
        assertEquals(OptionalLong.of(T0 + 20), c.nextDueMillis());
    }

    @Test
    void fullWindowsQueueUpOldestFirst() {
        for (int i = 0; i < 12; i++) {
            c.add(p("f" + i), T0);
        }
        assertEquals(5, c.drainIfDue(T0).orElseThrow().changed().size());
        assertEquals(paths("f5", "f6", "f7", "f8", "f9"), c.drainIfDue(T0).orElseThrow().changed());
        assertEquals(Optional.empty(), c.drainIfDue(T0), "the third window is open and not due yet");
        assertEquals(paths("f10", "f11"), c.drainIfDue(T0 + 20).orElseThrow().changed());
    }

    @Test
    void rescanSupersedesPathsBelowItSeenBefore() {
        c.add(p("a/x"), T0);
        c.add(p("b/y"), T0 + 1);
        c.add(p("a/deep/z"), T0 + 2);
        c.add(p("a"), T0 + 3);
        c.rescan(p("a"), T0 + 4);
        Window w = c.drainIfDue(T0 + 20).orElseThrow();
        assertEquals(paths("b/y"), w.changed());
        assertEquals(paths("a"), w.rescans());
        assertEquals(T0, w.observedAtMillis());
    }

    @Test
    void rescanSupersedesPathsBelowItSeenAfter() {
        c.rescan(p("a"), T0);
        c.add(p("a/x"), T0 + 1);
        c.add(p("a"), T0 + 2);
        c.add(p("ab"), T0 + 3); // a sibling that shares the prefix, not below "a"
        Window w = c.drainIfDue(T0 + 20).orElseThrow();
        assertEquals(paths("ab"), w.changed());
        assertEquals(paths("a"), w.rescans());
    }

    @Test
    void rescanOfAParentSupersedesRescansBelowIt() {
        c.rescan(p("a/b/c"), T0);
        c.rescan(p("x"), T0 + 1);
        c.rescan(p("a/b"), T0 + 2);
        c.rescan(p("a/b/d"), T0 + 3);
        c.rescan(p("a/b"), T0 + 4);
        assertEquals(paths("x", "a/b"), c.drainIfDue(T0 + 20).orElseThrow().rescans());
    }

    @Test
    void rescanOfBaseSupersedesEverything() {
        c.add(p("a"), T0);
        c.rescan(p("q/r"), T0);
        c.rescan(RelPath.BASE, T0 + 1);
        c.add(p("b/c"), T0 + 2);
        c.rescan(p("z"), T0 + 3);
        Window w = c.drainIfDue(T0 + 20).orElseThrow();
        assertEquals(List.of(), w.changed());
        assertEquals(List.of(RelPath.BASE), w.rescans());
    }

    @Test
    void rescansDoNotCountTowardsTheLimit() {
        for (int i = 0; i < 50; i++) {
            c.rescan(p("d" + i), T0);
        }
        assertEquals(OptionalLong.of(T0 + 20), c.nextDueMillis());
        assertEquals(50, c.drainIfDue(T0 + 20).orElseThrow().rescans().size());
    }

    @Test
    void overflowOfEveryDirectoryCollapsesToTheRoot() {
        // an inotify queue overflow signals every watched directory, root included, in any order
        Coalescer big = new Coalescer(Duration.ofMillis(20), 10_000);
        for (int i = 0; i < 20_000; i++) {
            big.accept(PathEvent.overflow(p("www/d" + (i % 100) + "/e" + i)), T0);
            if (i == 12_345) {
                big.accept(PathEvent.overflow(p("www")), T0);
            }
            if (i % 200 == 0) {
                big.accept(PathEvent.modify(p("www/d1/file" + i)), T0);
            }
        }
        big.accept(PathEvent.modify(p("other/file")), T0);
        Window w = big.drainIfDue(T0 + 20).orElseThrow();
        assertEquals(paths("www"), w.rescans());
        assertEquals(paths("other/file"), w.changed());
        assertTrue(big.isEmpty());
    }

    @Test
    void acceptTurnsOverflowIntoRescanAndEverythingElseIntoChangedPaths() {
        c.accept(PathEvent.create(p("n")), T0);
        c.accept(PathEvent.modify(p("m")), T0);
        c.accept(PathEvent.delete(p("d")), T0);
        c.accept(PathEvent.overflow(p("dir")), T0);
        Window w = c.drainIfDue(T0 + 20).orElseThrow();
        assertEquals(paths("n", "m", "d"), w.changed());
        assertEquals(paths("dir"), w.rescans());
    }

    @Test
    void drainAllReturnsClosedAndOpenWindowsAndEmptiesTheCoalescer() {
        for (int i = 0; i < 7; i++) {
            c.add(p("f" + i), T0);
        }
        List<Window> all = c.drainAll();
        assertEquals(2, all.size());
        assertEquals(5, all.get(0).changed().size());
        assertEquals(paths("f5", "f6"), all.get(1).changed());
        assertTrue(c.isEmpty());
    }

    @Test
    void rejectsNegativeDelayAndNonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new Coalescer(Duration.ofMillis(-1), 10));
        assertThrows(IllegalArgumentException.class, () -> new Coalescer(Duration.ofMillis(1), 0));
    }
}

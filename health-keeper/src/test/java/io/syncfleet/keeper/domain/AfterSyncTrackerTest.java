package io.syncfleet.keeper.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.OffsetRange;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.keeper.domain.AfterSyncTracker.Firing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AfterSyncTrackerTest {

    private static final Set<String> READY = Set.of("web1", "web2");
    private static final long SETTLE = 500;

    private final AfterSyncTracker both = new AfterSyncTracker(SETTLE, 600_000, 1000, true, true);
    private final AfterSyncTracker allOnly = new AfterSyncTracker(SETTLE, 600_000, 1000, false, true);

    private static List<RelPath> paths(String... p) {
        return Arrays.stream(p).map(RelPath::of).toList();
    }

    private static List<OffsetRange> range(int partition, long from, long until) {
        return List.of(new OffsetRange(partition, from, until));
    }

    private static void ok(AfterSyncTracker t, String target, List<OffsetRange> ranges) {
        t.reported(target, true, false, ranges, List.of(), List.of(), 0);
    }

    @Test
    void theAllTargetsHookRunsOnceWhenEveryReadyTargetHasEveryPart() {
        allOnly.partSeen("b1", 0, 7, paths("t/a.html"), 0);
        allOnly.partSeen("b1", 3, 2, paths("t/b.html"), 10);
        ok(allOnly, "web1", List.of(new OffsetRange(0, 5, 8), new OffsetRange(3, 0, 3)));
        ok(allOnly, "web2", range(0, 7, 8));
        assertEquals(List.of(), allOnly.evaluate(READY, 1000).firings(), "web2 lacks the part on partition 3");

        ok(allOnly, "web2", range(3, 2, 3));
        List<Firing> f = allOnly.evaluate(READY, 1000).firings();
        assertEquals(1, f.size());
        assertNull(f.get(0).targetId());
        assertEquals(paths("t/a.html", "t/b.html"), f.get(0).paths());
        assertEquals(List.of("web1", "web2"), f.get(0).targets());
        assertEquals(List.of(), allOnly.evaluate(READY, 2000).firings(), "once only");
    }

    @Test
    void nothingIsDecidedBeforeThePartsSettled() {
        allOnly.partSeen("b1", 0, 0, paths("a"), 1000);
        ok(allOnly, "web1", range(0, 0, 1));
        ok(allOnly, "web2", range(0, 0, 1));
        assertEquals(List.of(), allOnly.evaluate(READY, 1000 + SETTLE - 1).firings());
        assertEquals(1, allOnly.evaluate(READY, 1000 + SETTLE).firings().size());
    }

    @Test
    void reportsMayComeBeforeTheParts() {
        ok(both, "web1", range(1, 0, 100));
        both.partSeen("b1", 1, 42, paths("x"), 0);
        List<Firing> f = both.evaluate(Set.of("web1"), SETTLE).firings();
        assertEquals(2, f.size(), "per-target and all-targets: " + f);
        assertEquals("web1", f.get(0).targetId());
        assertTrue(f.get(1).targetId() == null);
    }

    @Test
    void perTargetRunsForEachTargetThatHasTheBatchEvenWhenNotReady() {
        both.partSeen("b1", 0, 0, paths("a", "b"), 0);
        ok(both, "web1", range(0, 0, 1));
        List<Firing> first = both.evaluate(READY, SETTLE).firings();
        assertEquals(List.of("web1"), first.stream().map(Firing::targetId).toList());
        ok(both, "web9", range(0, 0, 1));
        List<Firing> late = both.evaluate(READY, SETTLE + 1).firings();
        assertEquals(List.of("web9"), late.stream().map(Firing::targetId).toList(),
                "web9 is not ready: web2 is still awaited for the all-targets run");
    }

    @Test
    void aTargetLeavingReadyCompletesTheBatch() {
        allOnly.partSeen("b1", 0, 0, paths("a"), 0);
        ok(allOnly, "web1", range(0, 0, 1));
        assertEquals(List.of(), allOnly.evaluate(READY, SETTLE).firings());
        assertEquals(1, allOnly.evaluate(Set.of("web1"), SETTLE + 1).firings().size());
    }

    @Test
    void aPartialSyncCountsOnceItsDustbinRetryIsDone() {
        allOnly.partSeen("b1", 0, 4, paths("ro/f"), 0);
        ok(allOnly, "web1", range(0, 4, 5));
        allOnly.reported("web2", false, true, range(0, 4, 5), List.of("b1"), List.of(), 0);
        assertEquals(List.of(), allOnly.evaluate(READY, SETTLE).firings());
        allOnly.reported("web2", true, false, List.of(), List.of("b1"), List.of("b1"), 10);
        assertEquals(1, allOnly.evaluate(READY, SETTLE + 1).firings().size());
    }

    @Test
    void noReportMeansNoRunAndIncompleteBatchesExpire() {
        allOnly.partSeen("b1", 0, 0, paths("a"), 0);
        ok(allOnly, "web1", range(0, 0, 1));
        allOnly.partSeen("b2", 0, 1, paths("b"), 500_000);
        assertEquals(List.of(), allOnly.evaluate(READY, SETTLE).firings(), "web2 never reported b1");
        AfterSyncTracker.Outcome o = allOnly.evaluate(READY, 600_000);
        assertEquals(1, o.expired().size());
        assertEquals("b1", o.expired().get(0).batchId());
        assertEquals(List.of("web1"), o.expired().get(0).reached());
        assertEquals(1, allOnly.size());
    }

    @Test
    void theOldestBatchesGoWhenTooManyPathsAreHeld() {
        AfterSyncTracker small = new AfterSyncTracker(SETTLE, 600_000, 3, false, true);
        small.partSeen("b1", 0, 0, paths("a", "b"), 0);
        small.partSeen("b2", 0, 1, paths("c", "d"), 0);
        assertEquals(1, small.size());
    }

    @Test
    void rangesMergeIntoFewIntervals() {
        List<long[]> iv = new ArrayList<>();
        AfterSyncTracker.merge(iv, 0, 5);
        AfterSyncTracker.merge(iv, 5, 9);
        AfterSyncTracker.merge(iv, 20, 30);
        AfterSyncTracker.merge(iv, 8, 21);
        assertEquals(1, iv.size());
        assertEquals(0, iv.get(0)[0]);
        assertEquals(30, iv.get(0)[1]);
    }
}

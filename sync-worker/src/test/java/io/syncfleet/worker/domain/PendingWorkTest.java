package io.syncfleet.worker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PendingWorkTest {

    private static ChangeBatch batch(String id, ChangeKind kind, long observedAt, String... paths) {
        return ChangeBatch.of(id, kind, Stream.of(paths).map(RelPath::of).toList(), observedAt, observedAt + 1, "w1");
    }

    private static List<RelPath> paths(String... p) {
        return Stream.of(p).map(RelPath::of).toList();
    }

    @Test
    void mergesAndDedupesPathsSortedByBytes() {
        PendingWork w = PendingWork.of(List.of(
                batch("b1", ChangeKind.CHANGE, 500, "t/b", "t/a"),
                batch("b2", ChangeKind.CHANGE, 300, "t/a", "r/x")));

        assertEquals(paths("r/x", "t/a", "t/b"), w.changedPaths());
        assertEquals(List.of("b1", "b2"), w.batchIds());
        assertEquals(300, w.oldestObservedAtMillis());
        assertEquals(2, w.batchCount());
        assertEquals(ChangeKind.CHANGE, w.kind());
        assertTrue(w.needsSync());
    }

    @Test
    void aBatchSeenTwiceCountsTwiceButIsListedOnce() {
        ChangeBatch b = batch("b1", ChangeKind.CHANGE, 1, "a");
        PendingWork w = PendingWork.of(List.of(b, b));
        assertEquals(List.of("b1"), w.batchIds());
        assertEquals(2, w.batchCount());
    }

    @Test
    void rescanRootsSupersedePathsBelowThemWhateverTheOrder() {
        PendingWork w = PendingWork.of(List.of(
                batch("b1", ChangeKind.CHANGE, 1, "t/a", "t2/a", "r/x"),
                batch("b2", ChangeKind.RESCAN, 2, "t"),
                batch("b3", ChangeKind.CHANGE, 3, "t/b", "t")));

        assertEquals(paths("t"), w.rescanRoots());
        assertEquals(paths("r/x", "t2/a"), w.changedPaths(), "t2 is not below t");
        assertEquals(ChangeKind.RESCAN, w.kind());
    }

    @Test
    void onlyOutermostRescanRootsAreKept() {
        PendingWork w = PendingWork.of(List.of(
                batch("b1", ChangeKind.RESCAN, 1, "a/b", "a-b", "a"),
                batch("b2", ChangeKind.RESCAN, 2, "a/b/c")));
        assertEquals(paths("a", "a-b"), w.rescanRoots());
    }

    @Test
    void aRescanOfTheBaseCoversEveryRootAndPath() {
        PendingWork w = PendingWork.of(List.of(
                batch("b1", ChangeKind.RESCAN, 1, "-early", "t"),
                batch("b2", ChangeKind.CHANGE, 2, "-x", "z/y"),
                batch("b3", ChangeKind.RESCAN, 3, ".")));
        assertEquals(List.of(RelPath.BASE), w.rescanRoots());
        assertTrue(w.changedPaths().isEmpty());
    }

    @Test
    void heartbeatsAreCountedButNeedNoSync() {
        PendingWork w = PendingWork.of(List.of(batch("h1", ChangeKind.HEARTBEAT, 7), batch("h2", ChangeKind.HEARTBEAT,
                5)));
        assertFalse(w.needsSync());
        assertEquals(ChangeKind.HEARTBEAT, w.kind());
        assertEquals(List.of("h1", "h2"), w.batchIds());
        assertEquals(2, w.batchCount());
        assertEquals(5, w.oldestObservedAtMillis());
    }

    @Test
    void heartbeatsMixedWithChangesAddNoPaths() {
        PendingWork w = PendingWork.of(List.of(batch("h", ChangeKind.HEARTBEAT, 1), batch("c", ChangeKind.CHANGE, 2,
                "a")));
        assertEquals(paths("a"), w.changedPaths());
        assertEquals(List.of("h", "c"), w.batchIds());
    }

    @Test
    void nothingMergedIsEmpty() {
        PendingWork w = PendingWork.of(List.of());
        assertFalse(w.needsSync());
        assertEquals(0, w.batchCount());
        assertEquals(0, w.oldestObservedAtMillis());
    }
}

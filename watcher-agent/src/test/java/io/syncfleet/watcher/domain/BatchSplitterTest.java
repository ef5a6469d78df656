package io.syncfleet.watcher.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.ChangePartitioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchSplitterTest {

    private static final int PARTITIONS = 6;
    private final BatchSplitter splitter = new BatchSplitter(PARTITIONS, BatchSplitter.DEFAULT_MAX_BATCH_BYTES);

    private static List<RelPath> manyPaths(int n) {
        List<RelPath> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(RelPath.of("dir" + (i % 7) + "/file-" + i));
        }
        return out;
    }

    @Test
    void everyPathGoesToItsPartitionAndAllBatchesShareTheWindow() {
        List<RelPath> paths = manyPaths(500);
        Window w = new Window("id-1", paths, List.of(), 1234L);
        List<PartitionedBatch> out = splitter.split(w, 2000L, "host-a");

        List<RelPath> seen = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        int previous = -1;
        for (PartitionedBatch pb : out) {
            ChangeBatch b = pb.batch();
            assertEquals(ChangeKind.CHANGE, b.kind());
            assertEquals("id-1", b.batchId());
            assertEquals(1234L, b.observedAtMillis());
            assertEquals(2000L, b.publishedAtMillis());
            assertEquals("host-a", b.watcher());
            assertEquals(ChangeBatch.SCHEMA_VERSION, b.schemaVersion());
            for (RelPath p : b.paths()) {
                assertEquals(ChangePartitioner.partitionOf(p, PARTITIONS), pb.partition(), p::toString);
            }
            assertEquals(b.paths().get(0).encoded(), pb.key());
            assertTrue(partitions.add(pb.partition()), "one batch per partition");
            assertTrue(pb.partition() > previous, "ascending partitions");
            previous = pb.partition();
            seen.addAll(b.paths());
        }
        assertEquals(new HashSet<>(paths), new HashSet<>(seen));
        assertEquals(paths.size(), seen.size());
        assertTrue(partitions.size() > 1, "500 paths spread over several partitions");
    }

    @Test
    void pathsKeepFirstSeenOrderWithinAPartition() {
        List<RelPath> paths = manyPaths(300);
        List<PartitionedBatch> out = splitter.split(new Window("id", paths, List.of(), 0), 0, "w");
        Map<Integer, List<RelPath>> expected = new HashMap<>();
        for (RelPath p : paths) {
            expected.computeIfAbsent(ChangePartitioner.partitionOf(p, PARTITIONS), k -> new ArrayList<>()).add(p);
        }
        for (PartitionedBatch pb : out) {
            assertEquals(expected.get(pb.partition()), pb.batch().paths());
        }
    }

    @Test
    void eachRescannedRootGetsItsOwnRescanBatchOnItsPartitionFirst() {
        RelPath a = RelPath.of("template");
        RelPath b = RelPath.of("resource/img");
        Window w = new Window("id-2", List.of(RelPath.of("other/x")), List.of(a, b), 5L);
        List<PartitionedBatch> out = splitter.split(w, 6L, "w");
        assertEquals(3, out.size());
        assertEquals(ChangeKind.RESCAN, out.get(0).batch().kind());
        assertEquals(List.of(a), out.get(0).batch().paths());
        assertEquals(ChangePartitioner.partitionOf(a, PARTITIONS), out.get(0).partition());
        assertEquals(List.of(b), out.get(1).batch().paths());
        assertEquals(ChangePartitioner.partitionOf(b, PARTITIONS), out.get(1).partition());
        assertEquals(ChangeKind.CHANGE, out.get(2).batch().kind());
        for (PartitionedBatch pb : out) {
            assertEquals("id-2", pb.batch().batchId());
        }
    }

    @Test
    void rescanOfBaseGoesToTheBasePartition() {
        List<PartitionedBatch> out = splitter.split(new Window("i", List.of(), List.of(RelPath.BASE), 0), 0, "w");
        assertEquals(1, out.size());
        assertEquals(ChangePartitioner.partitionOf(RelPath.BASE, PARTITIONS), out.get(0).partition());
        assertEquals(".", out.get(0).key());
    }

    @Test
    void overflowFromTheBackendBecomesARescanBatchOfThatDirectory() {
        Coalescer c = new Coalescer(Duration.ofMillis(20), 100);
        RelPath dir = RelPath.of("www/big");
        c.accept(PathEvent.create(RelPath.of("www/big/f1")), 10);
        c.accept(PathEvent.overflow(dir), 11);
        c.accept(PathEvent.create(RelPath.of("www/small/f2")), 12);
        List<PartitionedBatch> out = splitter.split(c.drainIfDue(30).orElseThrow(), 31, "w");
        assertEquals(2, out.size());
        assertEquals(ChangeKind.RESCAN, out.get(0).batch().kind());
        assertEquals(List.of(dir), out.get(0).batch().paths());
        assertEquals(ChangePartitioner.partitionOf(dir, PARTITIONS), out.get(0).partition());
        assertEquals(List.of(RelPath.of("www/small/f2")), out.get(1).batch().paths());
    }

    @Test
    void largeGroupsAreCutBySizeKeepingPartitionAndOrder() {
        BatchSplitter small = new BatchSplitter(1, 100);
        List<RelPath> paths = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            paths.add(RelPath.of("p" + i)); // size bound 3*2+3 = 9 -> 11 per batch
        }
        for (int i = 0; i < 20; i++) {
            paths.add(RelPath.of("q" + i + "x".repeat(50))); // bound > 100 alone: one per batch
        }
        List<PartitionedBatch> out = small.split(new Window("id", paths, List.of(), 0), 0, "w");
        List<RelPath> seen = new ArrayList<>();
        for (PartitionedBatch pb : out) {
            assertEquals(0, pb.partition());
            assertEquals("id", pb.batch().batchId());
            long bytes = 0;
            for (RelPath p : pb.batch().paths()) {
                bytes += BatchSplitter.encodedSizeBound(p);
            }
            assertTrue(bytes <= 100 || pb.batch().paths().size() == 1, "within the limit unless one path is bigger");
            seen.addAll(pb.batch().paths());
        }
        assertEquals(paths, seen);
        assertEquals(21, out.size());
    }

    @Test
    void nonUtf8PathsAreKeyedByTheirLosslessForm() {
        RelPath odd = RelPath.of(new byte[] {'d', '/', (byte) 0xff, (byte) 0xfe, '\n', '-'});
        PartitionedBatch pb = splitter.split(new Window("i", List.of(odd), List.of(), 0), 0, "w").get(0);
        assertEquals(odd, RelPath.decode(pb.key()));
        assertEquals(ChangePartitioner.partitionOf(odd, PARTITIONS), pb.partition());
    }

    @Test
    void emptyWindowGivesNoBatches() {
        assertEquals(List.of(), splitter.split(new Window("i", List.of(), List.of(), 0), 0, "w"));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new BatchSplitter(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new BatchSplitter(1, 0));
    }
}

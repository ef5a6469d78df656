package io.syncfleet.watcher.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestDiffTest {

    private static final int DIR = 0040755;
    private static final int FILE = 0100644;
    private static final long HORIZON_MILLIS = 1_000_000L;
    private static final long OLD = 10L * 1_000_000_000L;

    private static ManifestEntry dir(String p) {
        return new ManifestEntry(RelPath.of(p), DIR, 4096, OLD, OLD);
    }

    private static ManifestEntry file(String p, long size) {
        return new ManifestEntry(RelPath.of(p), FILE, size, OLD, OLD);
    }

    private static List<String> diff(List<ManifestEntry> saved, List<ManifestEntry> now) {
        List<String> out = new ArrayList<>();
        ManifestDiff d = new ManifestDiff(saved.iterator(), HORIZON_MILLIS, p -> out.add(p.toString()));
        now.forEach(d::current);
        d.finish();
        assertEquals(out.size(), d.reported());
        return out;
    }

    @Test
    void anUnchangedTreeReportsNothing() {
        List<ManifestEntry> tree = List.of(dir("a"), file("a/x", 1), file("a.txt", 2), file("b", 3));
        assertEquals(List.of(), diff(tree, tree));
    }

    @Test
    void newChangedAndGonePathsAreReportedInOrder() {
        List<ManifestEntry> saved = List.of(dir("a"), file("a/x", 1), file("a/y", 1), file("b", 3));
        List<ManifestEntry> now = List.of(dir("a"), file("a/x", 2), file("a/z", 1), file("b", 3), file("c", 1));
        assertEquals(List.of("a/x", "a/y", "a/z", "c"), diff(saved, now));
    }

    @Test
    void aGoneSubtreeIsReportedByItsTopOnly() {
        List<ManifestEntry> saved = List.of(dir("a"), dir("a/b"), file("a/b/x", 1), file("a/c", 1), file("a!", 1));
        List<ManifestEntry> now = List.of(file("a!", 1));
        assertEquals(List.of("a"), diff(saved, now));
    }

    @Test
    void aDirectoryReplacedByAFileHidesItsOldSubtree() {
        List<ManifestEntry> saved = List.of(dir("a"), file("a/x", 1), file("b", 1));
        List<ManifestEntry> now = List.of(file("a", 5), file("b", 1));
        assertEquals(List.of("a"), diff(saved, now));
    }

    @Test
    void aRewriteThatKeepsSizeAndMtimeShowsInTheCtime() {
        ManifestEntry before = file("f", 1);
        ManifestEntry after = new ManifestEntry(RelPath.of("f"), FILE, 1, OLD, OLD + 1);
        assertEquals(List.of("f"), diff(List.of(before), List.of(after)));
    }

    @Test
    void directoriesCompareOnTheirModeOnly() {
        ManifestEntry before = dir("d");
        ManifestEntry touched = new ManifestEntry(RelPath.of("d"), DIR, 8192, OLD + 5, OLD + 5);
        ManifestEntry chmodded = new ManifestEntry(RelPath.of("d"), 0040700, 4096, OLD, OLD + 5);
        assertEquals(List.of(), diff(List.of(before), List.of(touched)));
        assertEquals(List.of("d"), diff(List.of(before), List.of(chmodded)));
    }

    @Test
    void anEntryChangedTooCloseToTheHorizonIsNotTrusted() {
        long horizonNanos = HORIZON_MILLIS * 1_000_000L;
        ManifestEntry recent = new ManifestEntry(RelPath.of("f"), FILE, 1, OLD, horizonNanos - 1_000_000L);
        ManifestEntry settled = new ManifestEntry(RelPath.of("g"), FILE, 1, OLD,
                horizonNanos - ManifestDiff.CLOCK_SLACK_NANOS - 1);
        assertFalse(ManifestDiff.trusted(recent, HORIZON_MILLIS));
        assertTrue(ManifestDiff.trusted(settled, HORIZON_MILLIS));
        assertEquals(List.of("f"), diff(List.of(recent, settled), List.of(recent, settled)));
    }

    @Test
    void anEmptyManifestReportsEverything() {
        assertEquals(List.of("a", "a/x"), diff(List.of(), List.of(dir("a"), file("a/x", 1))));
    }
}

package io.syncfleet.worker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing {@code rsync --info=progress2}, on lines and on whole outputs captured from rsync 3.x here. */
class RsyncProgressTest {

    @Test
    void lineAfterAFileEndsCarriesTheFileCounts() {
        RsyncProgress p = RsyncProgress.parse("     45,416,582  99%   99.96MB/s    0:00:07 (xfr#298, to-chk=2/302)")
                .orElseThrow();
        assertEquals(45_416_582, p.bytes());
        assertEquals(99, p.percent());
        assertEquals(99.96 * 1024 * 1024, p.bytesPerSecond(), 1);
        assertEquals(7, p.etaSeconds());
        assertEquals(298, p.filesTransferred());
        assertEquals(300, p.filesChecked());
        assertEquals(302, p.filesTotal());
        assertTrue(p.totalKnown());
        assertFalse(p.finished());
    }

    @Test
    void whileTheTreeIsStillWalkedTheTotalIsNotFinal() {
        RsyncProgress p = RsyncProgress.parse("          8,572   0%    0.00kB/s    0:00:00 (xfr#1, ir-chk=1049/1091)")
                .orElseThrow();
        assertFalse(p.totalKnown());
        assertEquals(42, p.filesChecked());
        assertEquals(0.0, p.bytesPerSecond());
    }

    @Test
    void lastLineIsFinishedAndItsTimeIsElapsedNotEta() {
        RsyncProgress p = RsyncProgress.parse("     30,000,000 100%    9.72MB/s    0:00:02 (xfr#1, to-chk=0/2)")
                .orElseThrow();
        assertTrue(p.finished());
        assertEquals(0, p.etaSeconds());
    }

    @Test
    void midFileLineHasNoCountsAndTakesThemFromTheLineBefore() {
        RsyncProgress before = RsyncProgress.parse("  10 0% 1.00kB/s 0:00:09 (xfr#3, to-chk=7/10)").orElseThrow();
        RsyncProgress p = RsyncProgress.parse("     10,878,976  36%    9.61MB/s    0:01:01  ").orElseThrow();
        assertEquals(-1, p.filesTotal());
        assertEquals(61, p.etaSeconds());
        RsyncProgress merged = p.withFilesOf(before);
        assertEquals(10_878_976, merged.bytes());
        assertEquals(3, merged.filesChecked());
        assertEquals(10, merged.filesTotal());
        assertEquals(3, merged.filesTransferred());
    }

    @Test
    void unknownEtaIsMinusOne() {
        assertEquals(-1, RsyncProgress.parse("  1,024  3%  0.00kB/s  -:--:--").orElseThrow().etaSeconds());
    }

    @Test
    void otherLinesAreNoProgress() {
        for (String line : List.of("", "sending incremental file list", "rsync: connection unexpectedly closed",
                "sent 1,234 bytes  received 35 bytes  2,538.00 bytes/sec", "total size is 45,796,902  speedup is 1.00",
                "100% done")) {
            assertEquals(Optional.empty(), RsyncProgress.parse(line), line);
        }
    }

    @Test
    void describeIsOneReadableLine() {
        RsyncProgress p = RsyncProgress.parse("  19,974,675  97%   27.01MB/s    0:01:05 (xfr#1200, to-chk=41/1241)")
                .orElseThrow();
        assertEquals("1,200/1,241 files checked, 1,200 sent, 20.0 MB, 97%, 28.3 MB/s, ETA 0:01:05", p.describe());
    }

    @Test
    void capturedFullSyncOf1200FilesIn40Directories() throws IOException {
        List<RsyncProgress> all = parseAll("full-sync-1200-files.out");
        assertTrue(all.size() > 100, "progress lines: " + all.size());
        assertTrue(all.stream().anyMatch(p -> p.filesTotal() > 0 && !p.totalKnown()), "incremental recursion seen");
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).bytes() >= all.get(i - 1).bytes(), "bytes never go back, line " + i);
        }
        RsyncProgress last = all.get(all.size() - 1);
        assertTrue(last.finished());
        assertEquals(19_974_675, last.bytes());
        assertEquals(1200, last.filesTransferred());
        assertEquals(1241, last.filesTotal());
        assertEquals(100, last.percent());
    }

    @Test
    void capturedBandwidthLimitedSyncHasAnEtaWhileRunning() throws IOException {
        List<RsyncProgress> all = parseAll("bwlimited-30mb.out");
        assertTrue(all.stream().anyMatch(p -> p.etaSeconds() > 0 && !p.finished()), all::toString);
        assertTrue(all.stream().anyMatch(p -> p.filesTotal() == -1), "lines written mid-file");
        RsyncProgress last = all.get(all.size() - 1);
        assertTrue(last.finished());
        assertEquals(30_000_000, last.bytes());
    }

    @Test
    void captured300FileSyncEndsWithEveryFileSent() throws IOException {
        RsyncProgress last = parseAll("full-sync-300-files.out").stream().reduce((a, b) -> b).orElseThrow();
        assertEquals(300, last.filesTransferred());
        assertEquals(302, last.filesTotal());
        assertEquals(45_796_900, last.bytes());
    }

    private static List<RsyncProgress> parseAll(String resource) throws IOException {
        String text;
        try (InputStream in = RsyncProgressTest.class.getResourceAsStream("/rsync-progress2/" + resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<RsyncProgress> out = new ArrayList<>();
        for (String line : text.split("[\r\n]")) {
            RsyncProgress.parse(line).ifPresent(out::add);
        }
        return out;
    }
}

package io.syncfleet.worker.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.worker.process.RsyncFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RsyncErrorLogIT {

    @TempDir
    Path dir;

    private static final long DAY1 = Instant.parse("2026-11-29T23:59:59.500Z").toEpochMilli();


    @Test
    void oneFileADayWithTimeTargetPathsExitClassificationAndStderr() throws Exception {
        RsyncErrorLog errors = new RsyncErrorLog(dir.resolve("logs"), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        errors.record(new RsyncFailure(DAY1, "web1", false, List.of("ro/page.html", "odd%0Aname"), 23,
                SyncOutcome.PARTIAL, "1 path(s) failed, exit 23",
                "rsync: [receiver] mkstemp \"ro/.page.html.X\" (in www) failed: Operation not permitted (1)\n"
                        + "rsync error: some files/attrs were not transferred (code 23)\n"));
        errors.record(new RsyncFailure(DAY1 + 1000, "web2", true, List.of("template"), 10, SyncOutcome.TARGET_DOWN,
                "connection refused, exit 10", "rsync: failed to connect\n"));

        Path first = dir.resolve("logs/rsync-errors-2026-11-29.log");
        Path second = dir.resolve("logs/rsync-errors-2026-11-30.log");
        assertEquals(first, errors.fileFor(DAY1));
        assertEquals(List.of(
                "2026-11-29T23:59:59.500Z target [web1] exit 23 PARTIAL push of 2 path(s): 1 path(s) failed, exit 23",
                "  path ro/page.html",
                "  path odd%0Aname",
                "  stderr rsync: [receiver] mkstemp \"ro/.page.html.X\" (in www) failed: Operation not permitted (1)",
                "  stderr rsync error: some files/attrs were not transferred (code 23)"), Files.readAllLines(first));
        assertEquals(List.of(
                "2026-11-30T00:00:00.500Z target [web2] exit 10 TARGET_DOWN full sync: connection refused, exit 10",
                "  path template",
                "  stderr rsync: failed to connect"), Files.readAllLines(second));
    }

    @Test
    void manyPathsAreCutAndAnUnwritableDirNeverThrows() throws Exception {
        RsyncErrorLog errors = new RsyncErrorLog(dir, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        List<String> many = IntStream.range(0, 150).mapToObj(i -> "f" + i).toList();
        errors.record(new RsyncFailure(DAY1, "web1", false, many, 23, SyncOutcome.PARTIAL, "r", ""));
        List<String> lines = Files.readAllLines(errors.fileFor(DAY1));
        assertEquals(1 + RsyncErrorLog.MAX_PATHS + 1, lines.size());
        assertTrue(lines.get(lines.size() - 1).endsWith("and 50 more"));

        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        new RsyncErrorLog(file.resolve("below"), Clock.systemUTC()).record(new RsyncFailure(DAY1, "web1", false,
                List.of(), 1, SyncOutcome.FATAL_CONFIG, "r", ""));
    }
}

package io.syncfleet.worker.fs;

import io.syncfleet.worker.process.RsyncFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rsync error log (the seed's {@code rsyncErr_date.log}): one file a day, {@code rsync-errors-YYYY-MM-DD.log}
 * in {@code log.dir} (the day in the clock's zone), with every rsync run that did not end OK. One entry is
 * written with one append, so several workers on one host can share the file:
 *
 * <pre>
 * 2026-11-29T07:46:58.470Z target [web0] exit 23 PARTIAL push of 1 path(s): 1 path(s) failed (...), exit 23
 *   path ro/page.html
 *   stderr rsync: [receiver] mkstemp "ro/.page.html.qbSIbb" (in www) failed: Operation not permitted (1)
 * </pre>
 *
 * Paths are in the lossless text form ({@code %XX} for odd bytes); at most {@link #MAX_PATHS} per entry.
 */
public final class RsyncErrorLog implements RsyncFailure.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(RsyncErrorLog.class);
    static final int MAX_PATHS = 100;

    private final Path dir;
    private final Clock clock;
    private volatile boolean warned;

    public RsyncErrorLog(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** The file for the day of {@code atMillis}. */
    public Path fileFor(long atMillis) {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(atMillis), clock.getZone());
        return dir.resolve("rsync-errors-" + day.format(DateTimeFormatter.ISO_LOCAL_DATE) + ".log");
    }

    @Override
    public synchronized void record(RsyncFailure f) {
        try {
            Files.createDirectories(dir);
            Files.write(fileFor(f.atMillis()), format(f).getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            warned = false;
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("rsync error log [{}] cannot be written ({}): failures are still in the main log", dir,
                        e.toString());
            }
        }
    }

    static String format(RsyncFailure f) {
        StringBuilder b = new StringBuilder(256);
        b.append(Instant.ofEpochMilli(f.atMillis())).append(" target [").append(f.targetId()).append("] exit ")
                .append(f.exitCode()).append(' ').append(f.outcome()).append(' ')
                .append(f.full() ? "full sync" : "push of " + f.paths().size() + " path(s)").append(": ")
                .append(oneLine(f.reason())).append('\n');
        List<String> paths = f.paths();
        for (int i = 0; i < paths.size() && i < MAX_PATHS; i++) {
            b.append("  path ").append(oneLine(paths.get(i))).append('\n');
        }
        if (paths.size() > MAX_PATHS) {
            b.append("  path ... and ").append(paths.size() - MAX_PATHS).append(" more\n");
        }
        for (String line : f.stderr().split("\n")) {
            if (!line.isBlank()) {
                b.append("  stderr ").append(oneLine(line)).append('\n');
            }
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        return s.replace("\r", "").replace("\n", "\\n");
    }
}

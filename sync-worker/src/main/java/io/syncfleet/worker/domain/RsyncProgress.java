package io.syncfleet.worker.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One progress line of {@code rsync --info=progress2}: the whole run's totals so far, e.g.
 * {@code "  45,416,582  99%  99.96MB/s    0:00:00 (xfr#298, to-chk=2/302)"}. rsync rewrites the line with
 * {@code \r} while it runs and ends it with {@code \n}; the part in brackets only appears after a file ends.
 *
 * <p>While rsync still walks the tree (incremental recursion) it writes {@code ir-chk} and the file total
 * still grows; {@code to-chk} means the total is final. The time field is rsync's estimate of the time left
 * while it runs, and the elapsed time on the last line (when {@code to-chk=0}); {@link #etaSeconds()} is 0
 * then.
 *
 * @param bytes bytes of file data transferred so far
 * @param percent rsync's percentage of the bytes it knows about so far
 * @param bytesPerSecond current rate (rsync's kB, MB and GB are powers of 1024)
 * @param etaSeconds time left as rsync estimates it; -1 when it prints none
 * @param filesTransferred files sent so far ({@code xfr#}); -1 when the line does not say
 * @param filesChecked files rsync has looked at so far (total minus those still to check); -1 when unknown
 * @param filesTotal files known so far; -1 when unknown
 * @param totalKnown true once the file list is complete ({@code to-chk}), so {@code filesTotal} is final
 */
public record RsyncProgress(long bytes, int percent, double bytesPerSecond, long etaSeconds, long filesTransferred,
                            long filesChecked, long filesTotal, boolean totalKnown) {

    private static final Pattern LINE = Pattern.compile(
            "([\\d,]+)\\s+(\\d+)%\\s+([\\d.]+)([kMGTP]?B)/s\\s+([\\d-]+):([\\d-]{2}):([\\d-]{2})"
                    + "(?:\\s+\\(xfr#(\\d+),\\s+(ir|to)-chk=(\\d+)/(\\d+)\\))?");

    /** The progress in one line of rsync's output; empty for any other line (messages, blank lines). */
    public static Optional<RsyncProgress> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long bytes = Long.parseLong(m.group(1).replace(",", ""));
        int percent = Integer.parseInt(m.group(2));
        double rate = Double.parseDouble(m.group(3)) * unit(m.group(4));
        long time = seconds(m.group(5), m.group(6), m.group(7));
        if (m.group(8) == null) {
            return Optional.of(new RsyncProgress(bytes, percent, rate, time, -1, -1, -1, false));
        }
        long left = Long.parseLong(m.group(10));
        long total = Long.parseLong(m.group(11));
        boolean known = "to".equals(m.group(9));
        long eta = known && left == 0 ? 0 : time;
        return Optional.of(new RsyncProgress(bytes, percent, rate, eta, Long.parseLong(m.group(8)), total - left,
                total, known));
    }

    /** True on the last line of a run: every file checked and the list complete. */
    public boolean finished() {
        return totalKnown && filesChecked == filesTotal;
    }

    /** Carries the file counts of {@code earlier} over when this line has none (a line written mid-file). */
    public RsyncProgress withFilesOf(RsyncProgress earlier) {
        if (filesTotal >= 0 || earlier == null) {
            return this;
        }
        return new RsyncProgress(bytes, percent, bytesPerSecond, etaSeconds, earlier.filesTransferred,
                earlier.filesChecked, earlier.filesTotal, earlier.totalKnown);
    }

    /** For logs: {@code 1,200/1,241 files checked (list complete), 19.9 MB, 97%, 27.0 MB/s, ETA 0:00:03}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (filesTotal >= 0) {
            b.append(String.format(Locale.ROOT, "%,d/%,d files checked%s, %,d sent, ", filesChecked, filesTotal,
                    totalKnown ? "" : " (list still growing)", filesTransferred));
        }
        b.append(String.format(Locale.ROOT, "%.1f MB, %d%%, %.1f MB/s", bytes / 1e6, percent, bytesPerSecond / 1e6));
        if (etaSeconds >= 0) {
            b.append(String.format(Locale.ROOT, ", ETA %d:%02d:%02d", etaSeconds / 3600, etaSeconds / 60 % 60,
                    etaSeconds % 60));
        }
        return b.toString();
    }

    private static double unit(String u) {
        return switch (u) {
            case "kB" -> 1024.0;
            case "MB" -> 1024.0 * 1024;
            case "GB" -> 1024.0 * 1024 * 1024;
            case "TB" -> 1024.0 * 1024 * 1024 * 1024;
            case "PB" -> 1024.0 * 1024 * 1024 * 1024 * 1024;
            default -> 1;
        };
    }

    private static long seconds(String h, String m, String s) {
        if (h.contains("-") || m.contains("-") || s.contains("-")) {
            return -1;
        }
        return Long.parseLong(h) * 3600 + Long.parseLong(m) * 60 + Long.parseLong(s);
    }
}

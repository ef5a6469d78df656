package io.syncfleet.trace;

import io.syncfleet.trace.PathTimeline.Change;
import io.syncfleet.trace.PathTimeline.Delivery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders a {@link PathTimeline} for a terminal. Deltas of the latest change are measured from the
 * source mtime (when the file still has the mtime of that change); those of older changes, or of a file
 * changed again since, from the moment the watcher saw the change.
 */
public final class TimelineText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private TimelineText() {
    }

    /**
     * @param limit most recent changes shown; older ones are counted
     * @param since start of the window that was read, to say how far back "no change" goes
     */
    public static String render(PathTimeline t, int limit, Instant since) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.path()).append('\n');
        sb.append(String.format("  %-12s %s%n", "source mtime", t.mtimeMillis() < 0 ? "gone at the source"
                : time(t.mtimeMillis())));
        List<Change> changes = t.changes();
        if (changes.isEmpty()) {
            sb.append("  no change of this path was published since ").append(time(since.toEpochMilli()))
                    .append(" (try a longer --since, or check that the path is below source.paths and not excluded)");
            return sb.toString();
        }
        int from = Math.max(0, changes.size() - limit);
        if (from > 0) {
            sb.append("  (").append(from).append(from == 1 ? " earlier change" : " earlier changes")
                    .append(" not shown; see --limit)\n");
        }
        for (int i = from; i < changes.size(); i++) {
            Change c = changes.get(i);
            boolean latest = i == changes.size() - 1;
            long ref = latest && t.mtimeMillis() >= 0 && t.mtimeMillis() <= c.batch().publishedAtMillis()
                    ? t.mtimeMillis() : c.batch().observedAtMillis();
            String refName = ref == t.mtimeMillis() && latest ? "mtime" : "seen";
            sb.append(String.format("  change %s%s, batch %s from %s (deltas from %s)%n", c.batch().kind(),
                    c.matched().equals(t.path()) ? "" : " of " + c.matched(), c.batch().batchId(), c.batch().watcher(),
                    refName));
            row(sb, "seen", c.batch().observedAtMillis(), ref, "window start (watch.delay)");
            row(sb, "published", c.batch().publishedAtMillis(), ref, "");
            for (Delivery d : c.deliveries()) {
                switch (d.status()) {
                    case SYNCED -> row(sb, d.targetId(), d.atMillis(), ref, "synced");
                    case PARTIAL -> row(sb, d.targetId(), d.atMillis(), ref, "partial: " + d.detail());
                    case FULL_SYNC -> row(sb, d.targetId(), d.atMillis(), ref, "by a full sync");
                    case FAILED -> sb.append(String.format("    %-12s not synced: %s%n", d.targetId(), d.detail()));
                    case PENDING -> sb.append(String.format("    %-12s not synced yet: %s%n", d.targetId(), d.detail()));
                    default -> throw new IllegalStateException(d.status().name());
                }
            }
        }
        return sb.toString().stripTrailing();
    }

    private static void row(StringBuilder sb, String name, long at, long ref, String note) {
        long delta = at - ref;
        sb.append(String.format("    %-12s %s  %8s  %s", name, time(at), (delta < 0 ? "-" : "+") + Math.abs(delta) + "ms",
                note).stripTrailing()).append('\n');
    }

    static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }
}

package io.syncfleet.cli;

import io.syncfleet.app.TargetView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Renders the fleet status as a fixed-width text table. */
final class StatusTable {

    private StatusTable() {
    }

    static String render(List<TargetView> targets, Instant now) {
        if (targets.isEmpty()) {
            return "no targets known yet (is a keeper running? see targets.static)";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TARGET", "STATE", "SINCE", "LAG", "LAG AGE", "LAST SYNC", "URL", "REASON / LAST ERROR"});
        for (TargetView t : targets) {
            rows.add(new String[] {t.id(), t.state(), ago(t.sinceMillis(), now),
                    t.lag() < 0 ? "?" : String.valueOf(t.lag()),
                    t.lag() > 0 ? age(t.lagMillis()) : "-",
                    t.lastSyncMillis() == 0 ? "never" : ago(t.lastSyncMillis(), now), t.url(),
                    t.lastError() == null ? t.reason() : t.reason() + "; last error: " + t.lastError()});
        }
        return TextTable.render(rows);
    }

    static String ago(long millis, Instant now) {
        if (millis <= 0) {
            return "-";
        }
        return age(Duration.between(Instant.ofEpochMilli(millis), now).toMillis()) + " ago";
    }

    /** A duration in the largest unit that keeps two digits: 850ms, 42s, 17m, 5h. */
    static String age(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s == 0) {
            return Math.max(0, millis) + "ms";
        }
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return s / 60 + "m";
        }
        return s / 3600 + "h";
    }
}

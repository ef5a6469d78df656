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
        rows.add(new String[] {"TARGET", "STATE", "SINCE", "LAG", "LAST SYNC", "LAST ERROR", "URL"});
        for (TargetView t : targets) {
            rows.add(new String[] {t.id(), t.state(), ago(t.sinceMillis(), now),
                    t.lag() < 0 ? "?" : String.valueOf(t.lag()),
                    t.lastSyncMillis() == 0 ? "never" : ago(t.lastSyncMillis(), now),
                    t.lastError() == null ? "-" : t.lastError(), t.url()});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format("%-" + w[i] + "s  ", r[i]));
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    static String ago(long millis, Instant now) {
        if (millis <= 0) {
            return "-";
        }
        Duration d = Duration.between(Instant.ofEpochMilli(millis), now);
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s ago";
        }
        if (s < 7200) {
            return s / 60 + "m ago";
        }
        return s / 3600 + "h ago";
    }
}

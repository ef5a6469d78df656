package io.syncfleet.cli;

import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.path.RelPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders dustbin entries as a fixed-width text table. */
final class DustbinTable {

    private DustbinTable() {
    }

    static String render(List<DustbinEntry> entries, Instant now) {
        if (entries.isEmpty()) {
            return "the dustbin is empty: every partial sync was retried successfully";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ENTRY", "TARGET", "STATE", "ATTEMPTS", "NEXT RETRY", "FIRST FAILED", "PATHS",
                "LAST ERROR"});
        for (DustbinEntry e : entries) {
            rows.add(new String[] {e.entryId(), e.targetId(), e.state().name().toLowerCase(Locale.ROOT),
                    String.valueOf(e.attempts()), next(e, now), StatusTable.ago(e.createdAtMillis(), now), paths(e),
                    e.lastError()});
        }
        return TextTable.render(rows);
    }

    private static String next(DustbinEntry e, Instant now) {
        if (e.state() != DustbinState.WAITING) {
            return "-";
        }
        long in = e.notBeforeMillis() - now.toEpochMilli();
        return in <= 0 ? "due" : "in " + StatusTable.age(in);
    }

    /** The first path, and how many more. */
    static String paths(DustbinEntry e) {
        List<RelPath> all = new ArrayList<>(e.paths());
        all.addAll(e.rescanRoots());
        if (all.isEmpty()) {
            return "-";
        }
        String first = all.get(0).encoded() + (e.paths().isEmpty() ? " (full)" : "");
        return all.size() == 1 ? first : first + " +" + (all.size() - 1) + " more";
    }
}

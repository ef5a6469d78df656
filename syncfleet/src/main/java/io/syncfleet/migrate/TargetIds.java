package io.syncfleet.migrate;

import java.util.Set;

/** Target ids for imported destinations: the host name, made unique with the module or a number. */
final class TargetIds {

    private TargetIds() {
    }

    /** A valid, unused id for the destination; it is added to {@code used}. */
    static String unique(Destination d, Set<String> used) {
        String base = clean(d.host());
        String id = base;
        if (used.contains(id) && d.daemon()) {
            id = clean(base + "-" + d.path().get(0));
        }
        for (int n = 2; used.contains(id); n++) {
            id = base + "-" + n;
        }
        used.add(id);
        return id;
    }

    private static String clean(String s) {
        String c = s.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (c.isEmpty()) {
            c = "target";
        }
        return c.length() > 90 ? c.substring(0, 90) : c;
    }
}

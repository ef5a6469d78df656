package io.syncfleet.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which roles one process runs: any of watcher, worker, keeper. */
public record Roles(boolean watcher, boolean worker, boolean keeper) {

    public static final Roles ALL = new Roles(true, true, true);

    /** Parses {@code watcher,worker,keeper}; throws {@link UserError} naming a bad role. */
    public static Roles parse(String csv) {
        if (csv == null || csv.isBlank()) {
            return ALL;
        }
        boolean w = false;
        boolean s = false;
        boolean k = false;
        for (String raw : csv.split(",")) {
            String r = raw.trim().toLowerCase(Locale.ROOT);
            switch (r) {
                case "watcher", "watcher-agent" -> w = true;
                case "worker", "sync-worker" -> s = true;
                case "keeper", "health-keeper" -> k = true;
                case "all" -> {
                    w = true;
                    s = true;
                    k = true;
                }
                default -> throw new UserError("--roles: unknown role '" + raw.trim()
                        + "'; use a comma-separated list of watcher, worker, keeper (or all)");
            }
        }
        return new Roles(w, s, k);
    }

    public List<String> names() {
        List<String> n = new ArrayList<>();
        if (watcher) {
            n.add("watcher");
        }
        if (worker) {
            n.add("worker");
        }
        if (keeper) {
            n.add("keeper");
        }
        return n;
    }
}

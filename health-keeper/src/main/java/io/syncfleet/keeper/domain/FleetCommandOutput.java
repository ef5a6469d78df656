package io.syncfleet.keeper.domain;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.topic.Topics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@code targets.command} script printed, parsed strictly: one {@code id url} per line,
 * separated by blanks; blank lines and lines starting with '#' are skipped.
 *
 * <p>A bad line is a problem with its line number and is otherwise ignored: an invalid id
 * ({@link Topics#isValidTargetId}), a url {@link TargetUrl#parse} rejects, a missing or extra field, or an
 * id listed again (the first line wins). When the bad line still names a valid id, that id is in
 * {@link #unreadable}: the target is neither added, updated nor removed because of that line, so a typo in
 * one url never removes a host from the fleet.
 *
 * @param targets the good lines by id, in the order printed
 * @param unreadable valid ids whose only lines were bad
 * @param problems one line per bad line, e.g. {@code line 3: target [web3]: 'x' has no module; expected ...}
 */
public record FleetCommandOutput(Map<String, Listed> targets, Set<String> unreadable, List<String> problems) {

    private static final int SHOWN = 80;

    public FleetCommandOutput {
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        unreadable = Collections.unmodifiableSet(new LinkedHashSet<>(unreadable));
        problems = List.copyOf(problems);
    }

    /**
     * One good line.
     *
     * @param id target id
     * @param url its url
     * @param line where it was printed (1-based)
     */
    public record Listed(String id, TargetUrl url, int line) {
        public Listed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(url, "url");
        }
    }

    /** Parses the script's standard output. */
    public static FleetCommandOutput parse(String stdout) {
        Map<String, Listed> targets = new LinkedHashMap<>();
        Set<String> unreadable = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        String[] lines = stdout.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String id = fields[0];
            boolean validId = Topics.isValidTargetId(id);
            if (fields.length != 2) {
                problems.add("line " + number + ": expected 'id url', got " + fields.length + " field"
                        + (fields.length == 1 ? "" : "s") + ": '" + shown(line) + "'");
            } else if (!validId) {
                problems.add("line " + number + ": '" + shown(id) + "' is not a valid target id (letters, digits,"
                        + " '.', '_', '-', at most 100, starting with a letter or digit)");
            } else if (targets.containsKey(id)) {
                problems.add("line " + number + ": target [" + id + "] is listed again (first on line "
                        + targets.get(id).line() + "); this line is ignored");
                continue;
            } else {
                try {
                    targets.put(id, new Listed(id, TargetUrl.parse(fields[1]), number));
                    unreadable.remove(id);
                    continue;
                } catch (IllegalArgumentException e) {
                    problems.add("line " + number + ": target [" + id + "]: " + shown(e.getMessage(), 3 * SHOWN));
                }
            }
            if (validId && !targets.containsKey(id)) {
                unreadable.add(id);
            }
        }
        return new FleetCommandOutput(targets, unreadable, problems);
    }

    private static String shown(String text) {
        return shown(text, SHOWN);
    }

    private static String shown(String text, int max) {
        String s = text.replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }
}

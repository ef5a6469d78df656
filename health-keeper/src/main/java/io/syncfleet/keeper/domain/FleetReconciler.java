package io.syncfleet.keeper.domain;

import io.syncfleet.common.config.TargetConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides how the keeper's fleet follows its two sources of targets: {@code targets.static} and the
 * output of {@code targets.command}. Operators' requests (add, remove) act directly.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code targets.static}: an unknown target is added, a known one with another url moves; nothing is
 *       removed, since targets the config does not name may have been added at run time.</li>
 *   <li>{@code targets.command}: its output is the whole set of script-managed targets. A listed id that is
 *       not known is added; a known one moves if its url changed, and becomes script-managed; a
 *       script-managed id that is neither listed nor on a bad line ({@link FleetCommandOutput#unreadable})
 *       is removed. A static id always wins over a script line.</li>
 *   <li>An output with no usable line while the script manages targets removes nothing: an empty list is
 *       far more often a broken script than a fleet scaled to zero (remove them by hand then).</li>
 * </ul>
 */
public final class FleetReconciler {

    private FleetReconciler() {
    }

    /** Follows {@code targets.static}, given the url of every target the keeper knows. */
    public static FleetPlan forStatic(List<TargetConfig> configured, Map<String, String> knownUrls) {
        List<TargetConfig> add = new ArrayList<>();
        List<TargetConfig> move = new ArrayList<>();
        Set<String> managed = new LinkedHashSet<>();
        for (TargetConfig t : configured) {
            managed.add(t.id());
            String known = knownUrls.get(t.id());
            if (known == null) {
                add.add(t);
            } else if (!known.equals(t.url().original())) {
                move.add(t);
            }
        }
        return new FleetPlan(add, move, List.of(), managed, List.of());
    }

    /**
     * Follows a successful run of {@code targets.command}.
     *
     * @param knownUrls the url of every target the keeper knows
     * @param scriptManaged the ids the script managed so far
     * @param staticIds the ids of {@code targets.static}
     */
    public static FleetPlan forScript(FleetCommandOutput listed, Map<String, String> knownUrls,
                                      Set<String> scriptManaged, Set<String> staticIds) {
        List<String> notes = new ArrayList<>();
        if (listed.targets().isEmpty() && !scriptManaged.isEmpty()) {
            notes.add("it listed no target while it manages " + scriptManaged.size() + " (" + sample(scriptManaged)
                    + "): nothing is removed; if that is meant, remove them with 'syncfleet targets remove'");
            return new FleetPlan(List.of(), List.of(), List.of(), scriptManaged, notes);
        }
        List<TargetConfig> add = new ArrayList<>();
        List<TargetConfig> move = new ArrayList<>();
        Set<String> managed = new LinkedHashSet<>();
        for (FleetCommandOutput.Listed t : listed.targets().values()) {
            if (staticIds.contains(t.id())) {
                notes.add("line " + t.line() + ": target [" + t.id() + "] is in targets.static, which wins; line"
                        + " ignored");
                continue;
            }
            managed.add(t.id());
            String known = knownUrls.get(t.id());
            if (known == null) {
                add.add(new TargetConfig(t.id(), t.url()));
            } else if (!known.equals(t.url().original())) {
                move.add(new TargetConfig(t.id(), t.url()));
            }
        }
        List<String> remove = new ArrayList<>();
        for (String id : scriptManaged) {
            if (managed.contains(id) || staticIds.contains(id)) {
                continue;
            }
            if (listed.unreadable().contains(id)) {
                managed.add(id);
                notes.add("target [" + id + "] is kept as it is: its line is bad");
            } else if (knownUrls.containsKey(id)) {
                remove.add(id);
            }
        }
        return new FleetPlan(add, move, remove, managed, notes);
    }

    private static String sample(Set<String> ids) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
        return sorted.size() <= 5 ? String.join(", ", sorted)
                : String.join(", ", sorted.subList(0, 5)) + ", ... " + (sorted.size() - 5) + " more";
    }
}

package io.syncfleet.keeper.domain;

import io.syncfleet.common.config.TargetConfig;
import java.util.List;
import java.util.Set;

/**
 * What the keeper must do so that its fleet matches a source of targets ({@link FleetReconciler}).
 *
 * @param add targets to add: each gets a full sync first, then joins live sync
 * @param move known targets whose url changed: republish with the new url, state kept
 * @param remove ids to remove from the fleet
 * @param managed the ids the source manages from now on
 * @param notes what was skipped and why, for a log line each
 */
public record FleetPlan(List<TargetConfig> add, List<TargetConfig> move, List<String> remove, Set<String> managed,
                        List<String> notes) {

    public FleetPlan {
        add = List.copyOf(add);
        move = List.copyOf(move);
        remove = List.copyOf(remove);
        managed = Set.copyOf(managed);
        notes = List.copyOf(notes);
    }

    /** True when nothing is to be added, moved or removed. */
    public boolean isEmpty() {
        return add.isEmpty() && move.isEmpty() && remove.isEmpty();
    }
}

package io.syncfleet.keeper.kafka;

import io.syncfleet.common.event.TargetStatus;
import java.util.Map;

/**
 * The {@code targets} topic as read from its beginning to its end.
 *
 * @param latest the latest status of every target in the fleet (a tombstone removes a target)
 * @param commandNumbers per target id, the highest catch-up command number any record showed, removed
 *                       targets included, so that ids are never reused
 */
public record TargetTable(Map<String, TargetStatus> latest, Map<String, Long> commandNumbers) {
    public TargetTable {
        latest = Map.copyOf(latest);
        commandNumbers = Map.copyOf(commandNumbers);
    }
}

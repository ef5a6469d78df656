package io.syncfleet.common.config;

import java.util.List;

/**
 * {@code targets.*}.
 *
 * @param staticTargets {@code targets.static}: the fixed fleet
 */
public record TargetsConfig(List<TargetConfig> staticTargets) {
    public TargetsConfig {
        staticTargets = List.copyOf(staticTargets);
    }
}

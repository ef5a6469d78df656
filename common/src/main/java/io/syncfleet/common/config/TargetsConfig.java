package io.syncfleet.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code targets.*}.
 *
 * @param staticTargets {@code targets.static}: the fixed fleet
 * @param command {@code targets.command}: argv of a script that prints the rest of the fleet, one
 *                {@code id url} per line; empty for none
 * @param refresh {@code targets.refresh}: how often {@code command} runs
 */
public record TargetsConfig(List<TargetConfig> staticTargets, List<String> command, Duration refresh) {

    /** The default of {@code targets.refresh}. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);

    public TargetsConfig {
        staticTargets = List.copyOf(staticTargets);
        command = List.copyOf(command);
        Objects.requireNonNull(refresh, "refresh");
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("targets.refresh must be positive, got " + refresh);
        }
    }

    /** Only a static fleet: no command. */
    public TargetsConfig(List<TargetConfig> staticTargets) {
        this(staticTargets, List.of(), DEFAULT_REFRESH);
    }

    /** True when {@code targets.command} is set. */
    public boolean hasCommand() {
        return !command.isEmpty();
    }
}

package io.syncfleet.common.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code recovery.*}: how a target catches up after an outage.
 *
 * @param mode replay, full sync, or decide per outage
 * @param maxReplayAge in {@code auto} mode, outages at least this long get a full sync instead of a replay
 */
public record RecoveryConfig(RecoveryMode mode, Duration maxReplayAge) {

    public RecoveryConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(maxReplayAge, "maxReplayAge");
        if (maxReplayAge.isNegative()) {
            throw new IllegalArgumentException("maxReplayAge must not be negative, got " + maxReplayAge);
        }
    }

    /** The values of the key defaults (a test keeps the two equal). */
    public static RecoveryConfig defaults() {
        return new RecoveryConfig(RecoveryMode.AUTO, Duration.ofHours(1));
    }
}

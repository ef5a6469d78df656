package io.syncfleet.common.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code health.*}: how the health keeper probes targets and when it gives up on one.
 *
 * @param interval how often a target is probed in each state
 * @param unhealthyProbes probes in one round of the unhealthy state
 * @param unhealthyFatal failed probes in one round that make a target dead; at most {@code unhealthyProbes}
 * @param probeTimeout how long one probe may take (connect plus the rsync greeting, or ssh's connect)
 */
public record HealthConfig(Intervals interval, int unhealthyProbes, int unhealthyFatal, Duration probeTimeout) {

    public HealthConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        if (unhealthyFatal < 1 || unhealthyFatal > unhealthyProbes) {
            throw new IllegalArgumentException("need 1 <= unhealthyFatal <= unhealthyProbes, got unhealthyFatal "
                    + unhealthyFatal + " and unhealthyProbes " + unhealthyProbes);
        }
        if (probeTimeout.isNegative() || probeTimeout.isZero()) {
            throw new IllegalArgumentException("probeTimeout must be positive, got " + probeTimeout);
        }
    }

    /** The values of the key defaults (a test keeps the two equal). */
    public static HealthConfig defaults() {
        return new HealthConfig(new Intervals(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(3),
                Duration.ofSeconds(3)), 5, 3, Duration.ofSeconds(2));
    }

    /**
     * {@code health.interval.*}: the time between two probes of a target, per state.
     *
     * @param ready a ready target (live syncs also reveal a dead target between probes)
     * @param unhealthy a target in an unhealthy round
     * @param dead a dead target, waiting for it to come back
     * @param recovery a target catching up
     */
    public record Intervals(Duration ready, Duration unhealthy, Duration dead, Duration recovery) {
        public Intervals {
            positive(ready, "ready");
            positive(unhealthy, "unhealthy");
            positive(dead, "dead");
            positive(recovery, "recovery");
        }

        private static void positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("interval " + name + " must be positive, got " + d);
            }
        }
    }
}

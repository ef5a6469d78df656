package io.syncfleet.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code hooks.*}: commands the health keeper runs when something happens to a target.
 *
 * @param onStateChange argv run on every change of a target's state, with {@code SYNCFLEET_TARGET},
 *                      {@code SYNCFLEET_FROM}, {@code SYNCFLEET_TO}, {@code SYNCFLEET_REASON} and
 *                      {@code SYNCFLEET_URL} in its environment; empty for none
 * @param timeout how long one hook run may take before it is killed
 */
public record HooksConfig(List<String> onStateChange, Duration timeout) {

    public HooksConfig {
        onStateChange = List.copyOf(onStateChange);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("hook timeout must be positive, got " + timeout);
        }
    }

    /** The values of the key defaults (a test keeps the two equal): no hook. */
    public static HooksConfig defaults() {
        return new HooksConfig(List.of(), Duration.ofSeconds(10));
    }

    /** True when a state-change hook is configured. */
    public boolean hasStateChangeHook() {
        return !onStateChange.isEmpty();
    }
}

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
 * @param afterSync argv run once per change batch when it reached every ready target, with the batch's
 *                  relative paths NUL-separated on stdin; empty for none
 * @param afterSyncPerTarget argv run once per change batch and target that received it, paths on stdin
 *                           and {@code SYNCFLEET_TARGET} in the environment; empty for none
 */
public record HooksConfig(List<String> onStateChange, Duration timeout, List<String> afterSync,
                          List<String> afterSyncPerTarget) {

    public HooksConfig {
        onStateChange = List.copyOf(onStateChange);
        afterSync = List.copyOf(afterSync);
        afterSyncPerTarget = List.copyOf(afterSyncPerTarget);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("hook timeout must be positive, got " + timeout);
        }
    }

    /** State-change hook only. */
    public HooksConfig(List<String> onStateChange, Duration timeout) {
        this(onStateChange, timeout, List.of(), List.of());
    }

    /** The values of the key defaults (a test keeps the two equal): no hook. */
    public static HooksConfig defaults() {
        return new HooksConfig(List.of(), Duration.ofSeconds(10));
    }

    /** True when a state-change hook is configured. */
    public boolean hasStateChangeHook() {
        return !onStateChange.isEmpty();
    }

    /** True when an after-sync hook (per batch or per batch and target) is configured. */
    public boolean hasAfterSyncHook() {
        return !afterSync.isEmpty() || !afterSyncPerTarget.isEmpty();
    }
}

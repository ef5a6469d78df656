package io.syncfleet.common.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One error-rate rule of {@code alerts.strategies}: {@code threshold} sync errors or more within the sliding
 * {@code window} fire an alert. Written {@code 90s: 30} in the config.
 *
 * @param window the sliding window, positive
 * @param threshold errors within the window that fire, at least 1
 */
public record AlertStrategy(Duration window, int threshold) {

    /** The highest threshold; the keeper keeps at least this many recent errors, so counts up to it are exact. */
    public static final int MAX_THRESHOLD = 100_000;

    public AlertStrategy {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("alert window must be positive, got " + window);
        }
        if (threshold < 1) {
            throw new IllegalArgumentException("alert threshold must be at least 1, got " + threshold);
        }
    }

    /** {@code 30 errors within 90s}, for log lines and alert texts. */
    @Override
    public String toString() {
        return threshold + " errors within " + Durations.format(window);
    }
}

package io.syncfleet.common.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code dustbin.*}: how sync workers retry the paths of a partial sync (the seed's {@code dustbinSecond}).
 *
 * @param retryInterval wait before the first retry of an entry; each further retry waits twice as long as
 *                      the one before, at most {@link #MAX_BACKOFF}
 * @param maxAttempts retries of an entry before it is parked for an operator
 */
public record DustbinConfig(Duration retryInterval, int maxAttempts) {

    /** The longest wait between two retries of one entry, whatever the interval and attempt. */
    public static final Duration MAX_BACKOFF = Duration.ofHours(1);

    public DustbinConfig {
        Objects.requireNonNull(retryInterval, "retryInterval");
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("dustbin retryInterval must be positive, got " + retryInterval);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("dustbin maxAttempts must be >= 1, got " + maxAttempts);
        }
    }

    /** The values of the key defaults (a test keeps the two equal). */
    public static DustbinConfig defaults() {
        return new DustbinConfig(Duration.ofSeconds(30), 8);
    }
}

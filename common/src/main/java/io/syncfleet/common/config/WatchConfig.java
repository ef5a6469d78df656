package io.syncfleet.common.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code watch.*}.
 *
 * @param delay coalescing window: events within it are published as one batch
 * @param backend how changes are observed: auto, jdk, inotify or fanotify
 * @param raiseLimits when running as root, raise the kernel's inotify limits that are too low for the tree
 */
public record WatchConfig(Duration delay, WatchBackendType backend, boolean raiseLimits) {

    public WatchConfig {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(backend, "backend");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
    }

    /** The given window with the key defaults of the other keys ({@code auto}, limits left alone). */
    public WatchConfig(Duration delay) {
        this(delay, WatchBackendType.AUTO, false);
    }
}

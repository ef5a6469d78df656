package io.syncfleet.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code watch.*}.
 *
 * @param delay coalescing window: events within it are published as one batch
 * @param backend how changes are observed: auto, jdk or inotify
 * @param raiseLimits when running as root, raise the kernel's inotify limits that are too low for the tree
 * @param stateDir the watcher's state directory, absolute; {@code run} locks it so one instance runs per tree
 */
public record WatchConfig(Duration delay, WatchBackendType backend, boolean raiseLimits, Path stateDir) {

    /** The default of {@code watch.stateDir}, relative to the config file's directory. */
    public static final String DEFAULT_STATE_DIR = "./data/watch";

    public WatchConfig {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(stateDir, "stateDir");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
    }

    /** The given settings with the state directory's default, resolved against the working directory. */
    public WatchConfig(Duration delay, WatchBackendType backend, boolean raiseLimits) {
        this(delay, backend, raiseLimits, Path.of(DEFAULT_STATE_DIR).toAbsolutePath().normalize());
    }

    /** The given window with the key defaults of the other keys ({@code auto}, limits left alone). */
    public WatchConfig(Duration delay) {
        this(delay, WatchBackendType.AUTO, false);
    }
}

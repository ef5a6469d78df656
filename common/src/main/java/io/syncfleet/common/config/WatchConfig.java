package io.syncfleet.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code watch.*}.
 *
 * @param delay coalescing window: events within it are published as one batch
 * @param backend how changes are observed: auto, jdk, inotify or fanotify
 * @param raiseLimits when running as root, raise the kernel's inotify limits that are too low for the tree
 * @param stateDir where the watcher keeps its manifest of the tree; null keeps none (every start
 *        publishes a RESCAN), which only code that builds a config without the loader asks for
 * @param checkpoint how often a running watcher rewrites its manifest
 * @param heartbeat how often the watcher publishes a heartbeat; zero publishes none
 * @param settle how long a path must have had no events before it is published; zero holds nothing
 */
public record WatchConfig(Duration delay, WatchBackendType backend, boolean raiseLimits, Path stateDir,
                          Duration checkpoint, Duration heartbeat, Duration settle) {

    /** Key defaults of {@code watch.checkpoint}, {@code watch.heartbeat} and {@code watch.settle}. */
    public static final Duration DEFAULT_CHECKPOINT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SETTLE = Duration.ZERO;

    public WatchConfig {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(settle, "settle");
        for (Duration d : new Duration[] {delay, heartbeat, settle}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("watch durations must not be negative, got " + d);
            }
        }
        if (checkpoint.isNegative() || checkpoint.isZero()) {
            throw new IllegalArgumentException("checkpoint must be positive, got " + checkpoint);
        }
    }

    /** The given keys, no manifest, and the key defaults of the others. */
    public WatchConfig(Duration delay, WatchBackendType backend, boolean raiseLimits) {
        this(delay, backend, raiseLimits, null, DEFAULT_CHECKPOINT, DEFAULT_HEARTBEAT, DEFAULT_SETTLE);
    }

    /** The given window, {@code auto}, limits left alone, no manifest, and the key defaults of the others. */
    public WatchConfig(Duration delay) {
        this(delay, WatchBackendType.AUTO, false);
    }

    /** The manifest directory, when one is kept. */
    public Optional<Path> manifestDir() {
        return Optional.ofNullable(stateDir);
    }
}

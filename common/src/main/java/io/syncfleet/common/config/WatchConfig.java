package io.syncfleet.common.config;

import java.time.Duration;

/**
 * {@code watch.*}.
 *
 * @param delay coalescing window: events within it are published as one batch
 */
public record WatchConfig(Duration delay) {
}

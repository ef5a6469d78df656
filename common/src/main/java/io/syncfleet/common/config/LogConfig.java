package io.syncfleet.common.config;

import java.nio.file.Path;

/**
 * {@code log.*}.
 *
 * @param dir directory of log files
 * @param level root log level: error, warn, info, debug or trace
 */
public record LogConfig(Path dir, String level) {
}

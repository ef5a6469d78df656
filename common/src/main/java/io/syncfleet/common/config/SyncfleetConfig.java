package io.syncfleet.common.config;

import java.util.Objects;

/** The whole typed config tree, as loaded and validated by {@link ConfigLoader}. */
public record SyncfleetConfig(KafkaConfig kafka, SourceConfig source, WatchConfig watch, RsyncConfig rsync,
                              TargetsConfig targets, StatusConfig status, LogConfig log, HealthConfig health,
                              RecoveryConfig recovery) {
    public SyncfleetConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(rsync, "rsync");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(recovery, "recovery");
    }

    /** The tree with {@link HealthConfig#defaults()} and {@link RecoveryConfig#defaults()}, for callers that set neither. */
    public SyncfleetConfig(KafkaConfig kafka, SourceConfig source, WatchConfig watch, RsyncConfig rsync,
                           TargetsConfig targets, StatusConfig status, LogConfig log) {
        this(kafka, source, watch, rsync, targets, status, log, HealthConfig.defaults(), RecoveryConfig.defaults());
    }
}

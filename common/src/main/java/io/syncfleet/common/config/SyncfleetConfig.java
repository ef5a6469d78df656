package io.syncfleet.common.config;

import java.util.Objects;

/** The whole typed config tree, as loaded and validated by {@link ConfigLoader}. */
public record SyncfleetConfig(KafkaConfig kafka, SourceConfig source, WatchConfig watch, RsyncConfig rsync,
                              TargetsConfig targets, StatusConfig status, LogConfig log, HealthConfig health,
                              RecoveryConfig recovery, HooksConfig hooks, DustbinConfig dustbin, AlertsConfig alerts) {
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
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(dustbin, "dustbin");
        Objects.requireNonNull(alerts, "alerts");
    }

    /** The tree with {@link DustbinConfig#defaults()} and {@link AlertsConfig#defaults()}, for callers that set none. */
    public SyncfleetConfig(KafkaConfig kafka, SourceConfig source, WatchConfig watch, RsyncConfig rsync,
                           TargetsConfig targets, StatusConfig status, LogConfig log, HealthConfig health,
                           RecoveryConfig recovery, HooksConfig hooks) {
        this(kafka, source, watch, rsync, targets, status, log, health, recovery, hooks, DustbinConfig.defaults(),
                AlertsConfig.defaults());
    }

    /** The tree with {@link HooksConfig#defaults()} (no hooks), for callers that set none. */
    public SyncfleetConfig(KafkaConfig kafka, SourceConfig source, WatchConfig watch, RsyncConfig rsync,
                           TargetsConfig targets, StatusConfig status, LogConfig log, HealthConfig health,
                           RecoveryConfig recovery) {
        this(kafka, source, watch, rsync, targets, status, log, health, recovery, HooksConfig.defaults());
    }

    /** The tree with the defaults of {@code health}, {@code recovery} and {@code hooks}, for callers that set none. */
    public SyncfleetConfig(KafkaConfig kafka, SourceConfig source, WatchConfig watch, RsyncConfig rsync,
                           TargetsConfig targets, StatusConfig status, LogConfig log) {
        this(kafka, source, watch, rsync, targets, status, log, HealthConfig.defaults(), RecoveryConfig.defaults());
    }
}

package io.syncfleet.common.config;

import static io.syncfleet.common.config.ConfigKeys.*;

/** Builds the typed tree from validated values: the only place that knows both the keys and the records. */
final class ConfigAssembler {

    private ConfigAssembler() {
    }

    static SyncfleetConfig assemble(ConfigValues v) {
        return new SyncfleetConfig(
                new KafkaConfig(v.get(KAFKA_BOOTSTRAP), v.get(KAFKA_DATA_DIR), v.get(KAFKA_EMBEDDED_PORT),
                        v.get(KAFKA_TOPIC_PREFIX), v.get(KAFKA_PARTITIONS), v.get(KAFKA_PROPERTIES)),
                new SourceConfig(v.get(SOURCE_BASE_DIR), v.get(SOURCE_PATHS), v.get(SOURCE_EXCLUDE)),
                new WatchConfig(v.get(WATCH_DELAY), v.get(WATCH_BACKEND), v.get(WATCH_RAISE_LIMITS),
                        v.get(WATCH_STATE_DIR)),
                new RsyncConfig(v.get(RSYNC_BINARY), v.get(RSYNC_EXTRA_ARGS), v.get(RSYNC_TIMEOUT),
                        v.get(RSYNC_MAX_PROCESSES), v.get(RSYNC_MAX_INIT), v.get(RSYNC_MAX_RECOVERY)),
                new TargetsConfig(v.get(TARGETS_STATIC), v.get(TARGETS_COMMAND), v.get(TARGETS_REFRESH)),
                new StatusConfig(v.get(STATUS_LISTEN).host(), v.get(STATUS_LISTEN).port()),
                new LogConfig(v.get(LOG_DIR), v.get(LOG_LEVEL)),
                new HealthConfig(new HealthConfig.Intervals(v.get(HEALTH_INTERVAL_READY), v.get(HEALTH_INTERVAL_UNHEALTHY),
                        v.get(HEALTH_INTERVAL_DEAD), v.get(HEALTH_INTERVAL_RECOVERY)),
                        v.get(HEALTH_UNHEALTHY_PROBES), v.get(HEALTH_UNHEALTHY_FATAL), v.get(HEALTH_PROBE_TIMEOUT)),
                new RecoveryConfig(v.get(RECOVERY_MODE), v.get(RECOVERY_MAX_REPLAY_AGE)),
                new HooksConfig(v.get(HOOKS_ON_STATE_CHANGE), v.get(HOOKS_TIMEOUT)));
    }
}

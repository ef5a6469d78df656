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
                        v.get(WATCH_STATE_DIR), v.get(WATCH_CHECKPOINT), v.get(WATCH_HEARTBEAT), v.get(WATCH_SETTLE)),
                new RsyncConfig(v.get(RSYNC_BINARY), v.get(RSYNC_EXTRA_ARGS), v.get(RSYNC_TIMEOUT),
                        v.get(RSYNC_MAX_PROCESSES), v.get(RSYNC_MAX_INIT), v.get(RSYNC_MAX_RECOVERY),
                        v.get(RSYNC_LAUNCHER)),
                new TargetsConfig(v.get(TARGETS_STATIC), v.get(TARGETS_COMMAND), v.get(TARGETS_REFRESH)),
                new StatusConfig(v.get(STATUS_LISTEN).host(), v.get(STATUS_LISTEN).port(), v.get(STATUS_ALLOW_ACTIONS),
                        v.get(STATUS_TOKEN)),
                new LogConfig(v.get(LOG_DIR), v.get(LOG_LEVEL)),
                new HealthConfig(new HealthConfig.Intervals(v.get(HEALTH_INTERVAL_READY), v.get(HEALTH_INTERVAL_UNHEALTHY),
                        v.get(HEALTH_INTERVAL_DEAD), v.get(HEALTH_INTERVAL_RECOVERY)),
                        v.get(HEALTH_UNHEALTHY_PROBES), v.get(HEALTH_UNHEALTHY_FATAL), v.get(HEALTH_PROBE_TIMEOUT)),
                new RecoveryConfig(v.get(RECOVERY_MODE), v.get(RECOVERY_MAX_REPLAY_AGE)),
                new HooksConfig(v.get(HOOKS_ON_STATE_CHANGE), v.get(HOOKS_TIMEOUT), v.get(HOOKS_AFTER_SYNC),
                        v.get(HOOKS_AFTER_SYNC_PER_TARGET)),
                new DustbinConfig(v.get(DUSTBIN_RETRY_INTERVAL), v.get(DUSTBIN_MAX_ATTEMPTS)),
                alerts(v));
    }

    private static AlertsConfig alerts(ConfigValues v) {
        return new AlertsConfig(v.get(AlertKeys.ALERTS_STRATEGIES), v.get(AlertKeys.ALERTS_COOLDOWN),
                v.get(AlertKeys.ALERTS_TIMEOUT), v.get(AlertKeys.ALERTS_COMMAND),
                new AlertsConfig.Webhook(v.get(AlertKeys.ALERTS_WEBHOOK_URL), v.get(AlertKeys.ALERTS_WEBHOOK_HEADERS)),
                new AlertsConfig.Email(v.get(AlertKeys.ALERTS_EMAIL_HOST), v.get(AlertKeys.ALERTS_EMAIL_PORT),
                        v.get(AlertKeys.ALERTS_EMAIL_START_TLS), v.get(AlertKeys.ALERTS_EMAIL_USER),
                        v.get(AlertKeys.ALERTS_EMAIL_PASSWORD), v.get(AlertKeys.ALERTS_EMAIL_FROM),
                        v.get(AlertKeys.ALERTS_EMAIL_TO), v.get(AlertKeys.ALERTS_EMAIL_PROPERTIES)));
    }
}

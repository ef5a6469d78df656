package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.path.RelPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvOverridesTest {

    private static final String BASE_YAML = "source: {baseDir: /data/www}\nkafka: {bootstrap: 'file:9092'}\n";

    @Test
    void scalarKeyIsOverridden() {
        SyncfleetConfig c = Configs.load(BASE_YAML, Map.of("SYNCFLEET_KAFKA_BOOTSTRAP", "env1:9092,env2:9092"));
        assertEquals("env1:9092,env2:9092", c.kafka().bootstrap());
    }

    @Test
    void bothSpellingsOfACamelCaseKeyWork() {
        assertEquals("one", Configs.load(BASE_YAML, Map.of("SYNCFLEET_KAFKA_TOPICPREFIX", "one")).kafka().topicPrefix());
        assertEquals("two", Configs.load(BASE_YAML, Map.of("SYNCFLEET_KAFKA_TOPIC_PREFIX", "two")).kafka().topicPrefix());
        assertEquals(7, Configs.load(BASE_YAML, Map.of("SYNCFLEET_RSYNC_MAX_INIT", "7")).rsync().maxInit());
        assertEquals(7, Configs.load(BASE_YAML, Map.of("SYNCFLEET_rsync_maxInit", "7")).rsync().maxInit());
    }

    @Test
    void everyDocumentedVariableNameMatchesItsKey() {
        for (ConfigField<?> f : ConfigSchema.SYNCFLEET.fields()) {
            String rest = f.envVar().substring(EnvOverrides.PREFIX.length());
            assertEquals(f, EnvOverrides.match(rest, ConfigSchema.SYNCFLEET).orElse(null), f.envVar());
        }
        assertEquals("SYNCFLEET_KAFKA_TOPIC_PREFIX", ConfigKeys.KAFKA_TOPIC_PREFIX.envVar());
    }

    @Test
    void nestedKeysAndEnumsAreOverridden() {
        SyncfleetConfig c = Configs.load(BASE_YAML + "health: {interval: {ready: 9s}}\n", Map.of(
                "SYNCFLEET_HEALTH_INTERVAL_READY", "1s",
                "SYNCFLEET_HEALTH_INTERVAL_DEAD", "10s",
                "SYNCFLEET_HEALTH_UNHEALTHY_FATAL", "2",
                "SYNCFLEET_RECOVERY_MODE", "Full",
                "SYNCFLEET_RECOVERY_MAX_REPLAY_AGE", "2d"));
        assertEquals(Duration.ofSeconds(1), c.health().interval().ready());
        assertEquals(Duration.ofSeconds(10), c.health().interval().dead());
        assertEquals(Duration.ofSeconds(3), c.health().interval().unhealthy());
        assertEquals(2, c.health().unhealthyFatal());
        assertEquals(RecoveryMode.FULL, c.recovery().mode());
        assertEquals(Duration.ofDays(2), c.recovery().maxReplayAge());
        assertEquals("SYNCFLEET_HEALTH_INTERVAL_READY", ConfigKeys.HEALTH_INTERVAL_READY.envVar());
    }

    @Test
    void underscoresMayNotSplitAcrossSegments() {
        SyncfleetConfig c = Configs.load(BASE_YAML, Map.of("SYNCFLEET_KAF_KABOOTSTRAP", "x:1"));
        assertEquals("file:9092", c.kafka().bootstrap());
    }

    @Test
    void listsAreCommaSeparated() {
        SyncfleetConfig c = Configs.load(BASE_YAML, Map.of(
                "SYNCFLEET_SOURCE_EXCLUDE", "*.bak, .cache/ ,,*.swp",
                "SYNCFLEET_SOURCE_PATHS", "template,resource",
                "SYNCFLEET_RSYNC_EXTRA_ARGS", ""));
        assertEquals(List.of("*.bak", ".cache/", "*.swp"), c.source().exclude());
        assertEquals(List.of(RelPath.of("template"), RelPath.of("resource")), c.source().paths());
        assertEquals(List.of(), c.rsync().extraArgs());
    }

    @Test
    void badValuesSayWhichVariable() {
        List<String> problems = Configs.problems(BASE_YAML, null, Map.of(
                "SYNCFLEET_KAFKA_PARTITIONS", "many",
                "SYNCFLEET_WATCH_DELAY", "1.5s",
                "SYNCFLEET_SOURCE_PATHS", "a,/etc"));
        assertEquals(List.of(
                "kafka.partitions: expected an integer, got 'many' (from env SYNCFLEET_KAFKA_PARTITIONS)",
                "source.paths[1]: path must be relative to source.baseDir: /etc (from env SYNCFLEET_SOURCE_PATHS)",
                "watch.delay: expected a duration like 250ms, 5s, 1m, 1h or 1d, got '1.5s' (use a whole number with"
                        + " a smaller unit, e.g. 1500ms) (from env SYNCFLEET_WATCH_DELAY)"), problems);
    }

    @Test
    void environmentWinsOverTheProfile() {
        String yaml = BASE_YAML + "profiles: {prod: {kafka: {bootstrap: 'prod:9092', partitions: 30}}}\n";
        SyncfleetConfig c = ConfigLoader.loadString(yaml, Configs.BASE, "prod",
                Map.of("SYNCFLEET_KAFKA_BOOTSTRAP", "env:9092"));
        assertEquals("env:9092", c.kafka().bootstrap());
        assertEquals(30, c.kafka().partitions());
    }

    @Test
    void environmentCanSupplyTheRequiredKeyAndRelativePathsResolveAgainstTheConfigDir() {
        SyncfleetConfig c = ConfigLoader.loadString("", Path.of("/etc/syncfleet"), null,
                Map.of("SYNCFLEET_SOURCE_BASE_DIR", "../www"));
        assertEquals(Path.of("/etc/www"), c.source().baseDir());
    }

    @Test
    void unknownAndReservedVariablesAreIgnored() {
        SyncfleetConfig c = Configs.load(BASE_YAML, Map.of(
                "SYNCFLEET_HOME", "/opt/syncfleet",
                "SYNCFLEET_CONFIG", "/etc/syncfleet.yaml",
                "SYNCFLEET_KAFKA_BOOTSTRAPP", "typo:1",
                "SYNCFLEET_FOO", "bar",
                "SYNCFLEET_", "x",
                "KAFKA_BOOTSTRAP", "other:1",
                "PATH", "/usr/bin"));
        assertEquals(Configs.load(BASE_YAML), c);
    }

    @Test
    void keysOnlyTheFileCanSetAreAProblemNotSilentlyDropped() {
        assertEquals(List.of(
                "kafka.properties: cannot be set from the environment; set it in the config file"
                        + " (from env SYNCFLEET_KAFKA_PROPERTIES)",
                "targets.static: cannot be set from the environment; set it in the config file"
                        + " (from env SYNCFLEET_TARGETS_STATIC)"),
                Configs.problems(BASE_YAML, null, Map.of("SYNCFLEET_TARGETS_STATIC", "web1",
                        "SYNCFLEET_KAFKA_PROPERTIES", "a=b")));
    }

    @Test
    void overrideOfASectionThatIsNotAMapLeavesTheFileProblem() {
        assertEquals(List.of("kafka: expected a map of keys (bootstrap, dataDir, embeddedPort, topicPrefix, partitions,"
                + " properties), got '3' (line 2)"), Configs.problems("source: {baseDir: /x}\nkafka: 3\n", null,
                Map.of("SYNCFLEET_KAFKA_PARTITIONS", "4")));
    }
}

package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDefaultsTest {

    private final SyncfleetConfig config = Configs.load("source:\n  baseDir: /data/www\n");

    @Test
    void kafkaDefaults() {
        KafkaConfig k = config.kafka();
        assertEquals("embedded", k.bootstrap());
        assertTrue(k.embedded());
        assertEquals(Path.of("/srv/conf/data/kafka"), k.dataDir());
        assertEquals(9192, k.embeddedPort());
        assertEquals("syncfleet", k.topicPrefix());
        assertEquals(12, k.partitions());
        assertEquals(Map.of(), k.properties());
    }

    @Test
    void sourceDefaults() {
        assertEquals(Path.of("/data/www"), config.source().baseDir());
        assertEquals(List.of(RelPath.BASE), config.source().paths());
        assertEquals(List.of("*.git", "*.svn", "*.tmp", ".~tmp~/"), config.source().exclude());
    }

    @Test
    void watchDefaults() {
        assertEquals(Duration.ofMillis(20), config.watch().delay());
        assertEquals(WatchBackendType.AUTO, config.watch().backend());
        assertFalse(config.watch().raiseLimits());
        assertTrue(config.watch().stateDir().isAbsolute() && config.watch().stateDir().endsWith("data/watch"),
                config.watch().stateDir().toString());
        WatchConfig shortForm = new WatchConfig(Duration.ofMillis(20));
        assertEquals(config.watch(), new WatchConfig(shortForm.delay(), shortForm.backend(), shortForm.raiseLimits(),
                config.watch().stateDir()), "the short constructor uses the key defaults");
    }

    @Test
    void rsyncDefaults() {
        RsyncConfig r = config.rsync();
        assertEquals("rsync", r.binary());
        assertEquals(List.of(), r.extraArgs());
        assertEquals(Duration.ofSeconds(10), r.timeout());
        assertEquals(160, r.maxProcesses());
        assertEquals(12, r.maxInit());
        assertEquals(6, r.maxRecovery());
    }

    @Test
    void targetsStatusAndLogDefaults() {
        assertEquals(List.of(), config.targets().staticTargets());
        assertEquals("127.0.0.1", config.status().host());
        assertEquals(7070, config.status().port());
        assertEquals(Path.of("/srv/conf/logs"), config.log().dir());
        assertEquals("info", config.log().level());
    }

    @Test
    void healthAndRecoveryDefaults() {
        HealthConfig h = config.health();
        assertEquals(Duration.ofSeconds(5), h.interval().ready());
        assertEquals(Duration.ofSeconds(3), h.interval().unhealthy());
        assertEquals(Duration.ofSeconds(3), h.interval().dead());
        assertEquals(Duration.ofSeconds(3), h.interval().recovery());
        assertEquals(5, h.unhealthyProbes());
        assertEquals(3, h.unhealthyFatal());
        assertEquals(Duration.ofSeconds(2), h.probeTimeout());
        assertEquals(RecoveryMode.AUTO, config.recovery().mode());
        assertEquals(Duration.ofHours(1), config.recovery().maxReplayAge());
    }

    @Test
    void recordDefaultsAreTheKeyDefaults() {
        assertEquals(config.health(), HealthConfig.defaults());
        assertEquals(config.recovery(), RecoveryConfig.defaults());
        assertEquals(config, new SyncfleetConfig(config.kafka(), config.source(), config.watch(), config.rsync(),
                config.targets(), config.status(), config.log()));
    }

    @Test
    void emptySectionsMeanDefaults() {
        SyncfleetConfig c = Configs.load("source: {baseDir: /data/www}\nkafka:\nrsync: {}\nhealth: {interval: {}}\nrecovery:\n");
        assertEquals(config, c);
    }

    @Test
    void everyKeyIsFullyDefined() {
        for (ConfigField<?> f : ConfigSchema.SYNCFLEET.fields()) {
            assertFalse(f.doc().isBlank(), f.key() + " has no doc");
            assertTrue(f.hasReader(), f.key() + " has no readFrom");
            assertTrue(f.isRequired() || f.defaultText() != null, f.key() + " has neither default nor required");
            assertNotNull(f.type().name(), f.key());
        }
    }

    @Test
    void onlyBaseDirIsRequired() {
        List<String> required = ConfigSchema.SYNCFLEET.fields().stream().filter(ConfigField::isRequired)
                .map(ConfigField::key).toList();
        assertEquals(List.of("source.baseDir"), required);
        assertEquals(List.of("source.baseDir: required (the directory replicated to every target;"
                + " rsync runs with -R from here)"), Configs.problems("kafka: {partitions: 3}\n"));
    }
}

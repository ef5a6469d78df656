package io.syncfleet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a reload applies at once, through which role's restart, and what needs a process restart. */
class ConfigChangeTest {

    private static final String BASE = "source: {baseDir: /data/www, paths: [template], exclude: [\"*.tmp\"]}\n"
            + "kafka: {bootstrap: \"k1:9092\", properties: {sasl.jaas.config: \"secret-1\"}}\n"
            + "status: {listen: \"127.0.0.1:7070\"}\n"
            + "hooks: {onStateChange: [/bin/true]}\n"
            + "log: {level: info}\n"
            + "targets:\n  static:\n    - {id: web1, url: \"rsync://h1/www\"}\n    - {id: web2, url: \"rsync://h2/www\"}\n";

    private static SyncfleetConfig load(String yaml) {
        return ConfigLoader.loadString(yaml, Path.of("/etc/syncfleet"), null, Map.of());
    }

    private static ConfigChange change(String from, String to) {
        return ConfigChange.between(load(BASE), load(BASE.replace(from, to)));
    }

    @Test
    void theSameConfigChangesNothing() {
        ConfigChange c = ConfigChange.between(load(BASE), load(BASE));
        assertTrue(c.isEmpty());
        assertFalse(c.keeper() || c.worker() || c.watcher());
        assertEquals(load(BASE), c.applied());
    }

    @Test
    void aFleetChangeRestartsOnlyTheKeeperAndListsRemovedTargets() {
        ConfigChange c = change("    - {id: web2, url: \"rsync://h2/www\"}\n", "    - {id: web3, url: \"rsync://h3/www\"}\n");
        assertEquals(List.of("targets.static"), c.changed());
        assertTrue(c.keeper());
        assertFalse(c.worker() || c.watcher());
        assertEquals(List.of(), c.restartNeeded());
        assertEquals(List.of("web2"), c.removedTargets());
        assertEquals(List.of("web1", "web3"), c.applied().targets().staticTargets().stream().map(t -> t.id()).toList());
    }

    @Test
    void hooksApplyThroughTheKeeper() {
        ConfigChange c = change("[/bin/true]", "[/usr/local/bin/lb-update]");
        assertEquals(List.of("hooks.onStateChange"), c.changed());
        assertTrue(c.keeper());
        assertEquals(List.of("/usr/local/bin/lb-update"), c.applied().hooks().onStateChange());
    }

    @Test
    void excludesRestartTheWatcherAndTheWorker() {
        ConfigChange c = change("exclude: [\"*.tmp\"]", "exclude: [\"*.tmp\", \"*.swp\"]");
        assertEquals(List.of("source.exclude"), c.changed());
        assertTrue(c.watcher() && c.worker());
        assertFalse(c.keeper());
        assertEquals(List.of("*.tmp", "*.swp"), c.applied().source().exclude());
    }

    @Test
    void rsyncSettingsRestartTheWorkerOnly() {
        ConfigChange c = ConfigChange.between(load(BASE), load(BASE + "rsync: {timeout: 30s}\n"));
        assertEquals(List.of("rsync.timeout"), c.changed());
        assertTrue(c.worker());
        assertFalse(c.watcher() || c.keeper());
    }

    @Test
    void kafkaBaseDirPathsAndListenNeedARestartAndKeepTheirRunningValues() {
        SyncfleetConfig running = load(BASE);
        ConfigChange c = ConfigChange.between(running, load(BASE
                .replace("k1:9092", "k2:9092")
                .replace("baseDir: /data/www, paths: [template]", "baseDir: /srv/www, paths: [template, resource]")
                .replace("127.0.0.1:7070", "0.0.0.0:8080")
                .replace("exclude: [\"*.tmp\"]", "exclude: []")));
        assertEquals(List.of("kafka.bootstrap", "source.baseDir", "source.paths", "status.listen"), c.restartNeeded());
        assertEquals(List.of("kafka.bootstrap", "source.baseDir", "source.paths", "source.exclude", "status.listen"),
                c.changed());
        assertEquals(running.kafka(), c.applied().kafka());
        assertEquals(running.source().baseDir(), c.applied().source().baseDir());
        assertEquals(running.source().paths(), c.applied().source().paths());
        assertEquals(running.status(), c.applied().status());
        assertEquals(List.of(), c.applied().source().exclude(), "what can apply does, next to what cannot");
    }

    @Test
    void aChangedSecretIsSeenThoughItPrintsMasked() {
        ConfigChange c = change("secret-1", "secret-2");
        assertEquals(List.of("kafka.properties"), c.changed());
        assertEquals(List.of("kafka.properties"), c.restartNeeded());
    }

    @Test
    void theLogLevelAppliesAtOnceButNotTheLogDir() {
        ConfigChange c = change("log: {level: info}", "log: {level: debug, dir: /var/log/other}");
        assertEquals(List.of("log.dir"), c.restartNeeded());
        assertFalse(c.keeper() || c.worker() || c.watcher());
        assertEquals("debug", c.applied().log().level());
        assertEquals(load(BASE).log().dir(), c.applied().log().dir());
    }

    @Test
    void theStateDirNeedsARestart() {
        ConfigChange c = ConfigChange.between(load(BASE), load(BASE + "watch: {stateDir: /var/lib/x, delay: 50ms}\n"));
        assertEquals(List.of("watch.stateDir"), c.restartNeeded());
        assertTrue(c.watcher(), "watch.delay applies through the watcher");
        assertEquals(load(BASE).watch().stateDir(), c.applied().watch().stateDir());
    }
}

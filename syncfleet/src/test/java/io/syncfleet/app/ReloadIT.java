package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.testkit.RsyncDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fleet change applied to a running node through the reload entry point SIGHUP uses. */
class ReloadIT {

    @TempDir
    Path tmp;

    @Test
    void anAddedTargetGetsTheTreeAndARemovedOneLeavesWithoutARestart() throws Exception {
        try (FleetFixture fleet = new FleetFixture(tmp, 1, "");
             RsyncDaemon web2 = RsyncDaemon.start(Files.createDirectories(tmp.resolve("t2")))) {
            Files.writeString(fleet.base.resolve("site/index.html"), "home\n");
            fleet.awaitConverged(1);
            fleet.awaitState("web1", "ready");
            ConfigReloader reloader = new ConfigReloader(fleet.configFile, null, Map.of(), fleet.node);
            String original = Files.readString(fleet.configFile);

            Files.writeString(fleet.configFile, original + "    - {id: web2, url: \"" + web2.url() + "\"}\n");
            assertTrue(reloader.reload());
            fleet.awaitState("web2", "ready");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(web2.root().resolve("site/index.html")));
            Files.writeString(fleet.base.resolve("site/after-reload.html"), "live\n");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(web2.root().resolve("site/after-reload.html")));
            assertEquals(List.of("web1", "web2"),
                    fleet.node.config().targets().staticTargets().stream().map(t -> t.id()).toList());

            Files.writeString(fleet.configFile, original.replace("health:", "healthh:"));
            assertFalse(reloader.reload(), "an invalid file is rejected");
            assertEquals(2, fleet.node.config().targets().staticTargets().size(), "and the running config stays");
            assertEquals("ready", fleet.state("web2"));

            Files.writeString(fleet.configFile, original);
            assertTrue(reloader.reload());
            fleet.awaitState("web2", "absent");
            assertEquals("ready", fleet.state("web1"));
            Files.writeString(fleet.base.resolve("site/after-removal.html"), "only web1\n");
            fleet.awaitConverged(1);
        }
    }
}

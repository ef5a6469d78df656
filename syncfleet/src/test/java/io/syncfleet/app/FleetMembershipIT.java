package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.syncfleet.cli.Main;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TestTrees;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets added and removed at run time with the CLI, and an operator's replay. */
class FleetMembershipIT {

    @TempDir
    Path tmp;

    static int cli(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        assertEquals(0, code, err.toString());
        return code;
    }

    @Test
    void addReplayAndRemove() throws Exception {
        try (FleetFixture fleet = new FleetFixture(tmp, 1, "");
             RsyncDaemon extra = RsyncDaemon.start(Files.createDirectories(tmp.resolve("t9")))) {
            Files.writeString(fleet.base.resolve("site/before-add.html"), "x\n");
            fleet.awaitConverged(1);
            String cfg = fleet.configFile.toString();

            cli("targets", "add", "web9", extra.url(), "--config", cfg);
            fleet.awaitState("web9", "ready");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(extra.root().resolve("site/before-add.html")));
            Files.writeString(fleet.base.resolve("site/after-add.html"), "y\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(extra.root().resolve("site/after-add.html")));

            // the host is "restored from an old backup": its copy is gone; a replay brings back recent changes
            TestTrees.deleteTree(fleet.root(1));
            cli("replay", "--target", "web1", "--since", "1h", "--config", cfg);
            fleet.awaitConverged(1);

            cli("targets", "remove", "web9", "--config", cfg);
            fleet.awaitState("web9", "absent");
            try (Admin admin = fleet.node.kafka().clients().createAdmin("test")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> admin.listConsumerGroups().all()
                        .get(10, TimeUnit.SECONDS).stream()
                        .noneMatch(g -> g.groupId().equals(fleet.topics.targetGroup("web9"))));
            }
            Files.writeString(fleet.base.resolve("site/after-remove.html"), "z\n");
            fleet.awaitConverged(1);
            assertFalse(Files.exists(extra.root().resolve("site/after-remove.html")));
        }
    }
}

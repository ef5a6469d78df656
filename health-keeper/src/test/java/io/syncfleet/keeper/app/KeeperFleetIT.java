package io.syncfleet.keeper.app;

import static io.syncfleet.common.event.TargetState.RECOVERY;
import static io.syncfleet.keeper.app.KeeperFixture.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.HooksConfig;
import io.syncfleet.common.config.TargetConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.config.TargetsConfig;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.testkit.RsyncDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fleet membership from {@code targets.command}, and the state-change hook. */
class KeeperFleetIT {

    @TempDir
    Path dir;

    private KeeperFixture fx;
    private RsyncDaemon web1;
    private RsyncDaemon web2;

    @BeforeEach
    void setUp() {
        fx = new KeeperFixture(dir);
        web1 = fx.daemon("web1");
        web2 = fx.daemon("web2");
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var s = Files.lines(file)) {
            return s.count();
        }
    }

    private boolean inFleet(HealthKeeper keeper, String id) {
        return keeper.status().stream().anyMatch(v -> v.id().equals(id));
    }

    @Test
    void targetsCommandAddsAndRemovesScriptManagedTargets() throws Exception {
        Path fleet = dir.resolve("fleet.txt");
        Path runs = dir.resolve("runs.txt");
        Files.writeString(fleet, "# the fleet\nweb1 " + web1.url() + "\nweb2 " + web2.url() + "\n");
        List<String> command = List.of("/bin/sh", "-c", "echo run >> '" + runs + "'; cat '" + fleet + "'");
        TargetsConfig targets = new TargetsConfig(List.of(), command, Duration.ofMillis(200));
        HealthKeeper keeper = fx.start(fx.config(targets));

        await("both listed targets added").atMost(WAIT).until(() -> fx.targets.isIn("web1", RECOVERY)
                && fx.targets.isIn("web2", RECOVERY));
        assertEquals(CatchUpMode.FULL, fx.targets.latest("web2").command().mode(), "a new target gets a full sync");
        assertTrue(fx.targets.latest("web2").reason().startsWith("added by targets.command; "),
                fx.targets.latest("web2").reason());

        Files.writeString(fleet, "web1 " + web1.url() + "\n");
        await("web2 removed").atMost(WAIT).until(() -> fx.targets.removed("web2"));
        assertFalse(inFleet(keeper, "web2"));

        Files.delete(fleet);
        long before = lines(runs);
        await("the failing script ran three times").atMost(WAIT).until(() -> lines(runs) >= before + 3);
        Files.writeString(fleet, "");
        long before2 = lines(runs);
        await("the empty script ran three times").atMost(WAIT).until(() -> lines(runs) >= before2 + 3);

        Files.writeString(fleet, "web1 " + web1.url() + "\nweb9 rsync://nohost\nweb3 " + web2.url() + "\n");
        await("web3 added after the failed and empty runs").atMost(WAIT).until(() -> inFleet(keeper, "web3"));
        assertTrue(fx.targets.history("web1").stream().allMatch(Objects::nonNull),
                "a failing script and an empty list removed nothing");
        assertTrue(inFleet(keeper, "web1"));
        assertFalse(inFleet(keeper, "web9"), "a bad line adds nothing");
    }

    @Test
    void targetsCommandNeverRemovesStaticTargets() throws Exception {
        Path fleet = dir.resolve("fleet.txt");
        Files.writeString(fleet, "web2 " + web2.url() + "\nweb1 rsync://elsewhere/www\n");
        TargetsConfig targets = new TargetsConfig(List.of(new TargetConfig("web1", TargetUrl.parse(web1.url()))),
                List.of("cat", fleet.toString()), Duration.ofMillis(200));
        HealthKeeper keeper = fx.start(fx.config(targets));
        await("web2 added").atMost(WAIT).until(() -> inFleet(keeper, "web2"));
        Files.writeString(fleet, "web3 " + web2.url() + "\n");
        await("web2 removed").atMost(WAIT).until(() -> fx.targets.removed("web2"));
        assertTrue(inFleet(keeper, "web1"));
        assertEquals(web1.url(), fx.targets.latest("web1").url(), "targets.static wins over the script's line");
    }

    @Test
    void hookRunsOnEveryStateChangeWithTheTargetInItsEnvironment() throws Exception {
        Path out = dir.resolve("hook.out");
        Path hook = dir.resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\nprintf '%s|%s|%s|%s|%s\\n' \"$SYNCFLEET_TARGET\" \"$SYNCFLEET_FROM\""
                + " \"$SYNCFLEET_TO\" \"$SYNCFLEET_URL\" \"$SYNCFLEET_REASON\" >> '" + out + "'\nexit 3\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        TargetsConfig targets = new TargetsConfig(List.of(new TargetConfig("web1", TargetUrl.parse(web1.url()))));
        fx.start(fx.config(targets, new HooksConfig(List.of(hook.toString()), Duration.ofSeconds(5))));

        await("hook of the new target").atMost(WAIT).until(() -> lines(out) >= 1);
        web1.kill();
        await("hooks of the outage, although each hook exits 3").atMost(WAIT).until(() -> lines(out) >= 3);
        List<String> got = Files.readAllLines(out);
        assertTrue(got.get(0).startsWith("web1|new|recovery|" + web1.url() + "|added by targets.static; catch-up"
                + " web1-c1 (full)"), got.get(0));
        // A probe in flight at the SIGKILL sees the connection reset or closed before the greeting; every later
        // one is refused. Which comes first is a race with the kill (as in HealthKeeperIT).
        String during = "web1|recovery|unhealthy|" + web1.url() + "|probe failed during catch-up web1-c1 (full): conn";
        assertTrue(got.get(1).startsWith(during), got.get(1));
        assertEquals("web1|unhealthy|dead|" + web1.url() + "|3/5 probes failed: connection refused", got.get(2));
    }
}

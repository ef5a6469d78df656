package io.syncfleet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead, hung and returning targets with the whole pipeline (recovery.mode auto: a short outage is
 * caught up by replay). The others keep syncing while one is down; the returning one gets
 * everything it missed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TargetRecoveryIT {

    @TempDir
    static Path tmp;
    static FleetFixture fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = new FleetFixture(tmp, 3, "recovery: {mode: auto, maxReplayAge: 1h}\n");
        Files.writeString(fleet.base.resolve("site/index.html"), "home\n");
        fleet.awaitConverged(1, 2, 3);
        fleet.awaitState("web1", "ready");
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void killedTargetGoesDeadWhileOthersKeepSyncingThenCatchesUpByReplay() throws Exception {
        fleet.targets.get(1).kill();
        Path dir = Files.createDirectories(fleet.base.resolve("site/while-web2-down"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(dir.resolve("page" + i + ".html"), "page " + i + "\n");
        }
        fleet.awaitConverged(1, 3);
        fleet.awaitState("web2", "dead");
        Files.writeString(dir.resolve("late.html"), "written while web2 was dead\n");
        Files.delete(dir.resolve("page0.html"));
        fleet.awaitConverged(1, 3);
        TargetView down = fleet.view("web2");
        assertTrue(down.lag() > 0 && down.lagMillis() > 0, "status shows the dead target's lag: " + down);
        assertTrue(down.reason().contains("probes failed"), down.reason());

        fleet.targets.get(1).restart();
        fleet.awaitState("web2", "ready");
        fleet.awaitConverged(1, 2, 3);
        List<TargetStatus> history = fleet.history("web2");
        TargetStatus recovery = history.stream().filter(s -> s.state() == TargetState.RECOVERY).reduce((a, b) -> b)
                .orElseThrow();
        assertEquals(CatchUpMode.REPLAY, recovery.command().mode(), recovery.reason());
        assertTrue(history.stream().anyMatch(s -> s.state() == TargetState.DEAD), history.toString());
    }

    @Test
    @Order(2)
    void frozenTargetLeavesReadyAndCatchesUpAfterCont() throws Exception {
        fleet.targets.get(2).stop();
        Files.writeString(fleet.base.resolve("site/while-web3-frozen.html"), "frozen\n");
        fleet.awaitConverged(1, 2);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> !fleet.state("web3").equals("ready"));
        fleet.targets.get(2).cont();
        fleet.awaitState("web3", "ready");
        fleet.awaitConverged(1, 2, 3);
    }
}

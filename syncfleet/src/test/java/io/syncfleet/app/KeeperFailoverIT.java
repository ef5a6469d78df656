package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two keeper processes of one fleet: the second stands by; when the active one is SIGKILLed (no clean leave),
 * the standby takes over once the dead one's session expires, and runs the fleet's state machine.
 */
class KeeperFailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private ProcessFleet fleet;

    @AfterEach
    void tearDown() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aStandbyKeeperTakesOverWhenTheActiveOneIsKilled() throws Exception {
        fleet = new ProcessFleet(tmp, List.of("t1"), 2,
                "health: {interval: {ready: 500ms, unhealthy: 300ms, dead: 500ms, recovery: 500ms}}\n");
        fleet.startBroker();
        fleet.startRoles("keeperA", "keeper");
        await("keeperA active").atMost(WAIT).until(() -> fleet.log("keeperA").contains("is the fleet's active keeper"));
        fleet.startRoles("keeperB", "keeper");
        await("keeperB stands by").atMost(WAIT).until(() -> fleet.log("keeperB").contains("stands by"));

        fleet.kill("keeperA");
        await("keeperB takes over").atMost(WAIT).until(() -> fleet.log("keeperB").contains("took over the fleet"));
        assertFalse(fleet.log("keeperB").contains("target [t1] ready -> unhealthy"), "t1 is still up");

        fleet.daemons.get(0).kill();
        await("keeperB takes t1 to dead").atMost(WAIT)
                .until(() -> fleet.log("keeperB").contains("target [t1] unhealthy -> dead"));
    }
}

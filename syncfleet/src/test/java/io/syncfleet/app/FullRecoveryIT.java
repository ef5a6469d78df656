package io.syncfleet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** recovery.mode full: a returning target is caught up by a full rsync, then replays what changed during it. */
class FullRecoveryIT {

    @TempDir
    Path tmp;

    @Test
    void returningTargetIsCaughtUpByFullSync() throws Exception {
        try (FleetFixture fleet = new FleetFixture(tmp, 2, "recovery: {mode: full}\n")) {
            Files.writeString(fleet.base.resolve("site/a.html"), "a\n");
            fleet.awaitConverged(1, 2);
            fleet.awaitState("web2", "ready");
            fleet.targets.get(1).kill();
            Files.writeString(fleet.base.resolve("site/missed.html"), "missed\n");
            Files.delete(fleet.base.resolve("site/a.html"));
            fleet.awaitConverged(1);
            fleet.awaitState("web2", "dead");
            fleet.targets.get(1).restart();
            fleet.awaitState("web2", "ready");
            fleet.awaitConverged(1, 2);
            TargetStatus recovery = fleet.history("web2").stream().filter(s -> s.state() == TargetState.RECOVERY)
                    .reduce((a, b) -> b).orElseThrow();
            assertEquals(CatchUpMode.FULL, recovery.command().mode(), recovery.reason());
        }
    }
}

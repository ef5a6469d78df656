package io.syncfleet.keeper.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.syncfleet.common.config.HooksConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.OffsetRange;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.keeper.process.LocalCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hanging or failing after-sync hook is killed or logged, and the next batch's hook still runs. */
class AfterSyncHooksIT {

    @TempDir
    Path dir;

    private static ChangeBatch batch(String id, String path) {
        return ChangeBatch.of(id, ChangeKind.CHANGE, List.of(RelPath.of(path)), 1, 2, "w");
    }

    private static SyncReport ok(long offset) {
        return new SyncReport(SyncReport.SCHEMA_VERSION, "web1", List.of(), ChangeKind.CHANGE, 1, SyncOutcome.OK, 0,
                "", 1, 2, 3, null, null, List.of(new OffsetRange(0, offset, offset + 1)));
    }

    @Test
    void aHangingHookIsKilledAndAFailingOneLoggedWhileLaterBatchesStillRun() throws Exception {
        String script = "case $SYNCFLEET_BATCH in b1) exec sleep 60;; b2) echo broken >&2; exit 7;; esac;"
                + " cat > '" + dir + "'/out-$SYNCFLEET_BATCH";
        HooksConfig config = new HooksConfig(List.of(), Duration.ofMillis(300), List.of("/bin/sh", "-c", script),
                List.of());
        try (AfterSyncHooks hooks = new AfterSyncHooks(config, new LocalCommandRunner(1 << 16, 1 << 16),
                Clock.systemUTC(), () -> Set.of("web1"))) {
            hooks.partSeen(batch("b1", "a"), 0, 0);
            hooks.partSeen(batch("b2", "b"), 0, 1);
            hooks.partSeen(batch("b3", "c d"), 0, 2);
            hooks.reported(ok(0));
            hooks.reported(ok(1));
            hooks.reported(ok(2));
            Path out3 = dir.resolve("out-b3");
            await("b3's hook ran after b1's was killed and b2's failed").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        hooks.tick();
                        return Files.exists(out3) && Files.size(out3) == 4;
                    });
            assertEquals("c d\0", Files.readString(out3));
            assertFalse(Files.exists(dir.resolve("out-b1")));
        }
    }
}

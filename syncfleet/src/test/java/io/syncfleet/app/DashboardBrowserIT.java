package io.syncfleet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core
 * ({@code src/test/browser/dashboard.test.mjs}) against a running fleet with actions on and a token. The
 * script sees both targets ready, SIGKILLs web2's rsync daemon and sees web2 turn red, is refused a full
 * sync of web1 without the token, gets it with the token, and sees web1 go through recovery back to ready.
 * Skipped, with the reason, where Chromium or the script's node_modules are missing ({@code .ci/run}
 * installs both).
 */
class DashboardBrowserIT {

    static final String TOKEN = "it-token-7f3a";

    @TempDir
    Path tmp;
    FleetFixture fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void deadTargetTurnsRedAndFullSyncButtonWorksWithTheToken() throws Exception {
        String missing = BrowserScript.missing();
        assumeTrue(missing == null, missing);

        int port = FreePorts.one();
        fleet = new FleetFixture(tmp, 2, "status: {listen: \"127.0.0.1:" + port + "\", allowActions: true, token: "
                + TOKEN + "}\n");
        Files.writeString(fleet.base.resolve("site/index.html"), "home\n");
        fleet.awaitConverged(1, 2);
        fleet.awaitState("web1", "ready");
        fleet.awaitState("web2", "ready");

        Map<String, String> env = Map.of("DASHBOARD_URL", "http://127.0.0.1:" + port + "/", "TOKEN", TOKEN,
                "KILL_PID", String.valueOf(fleet.targets.get(1).pid()),
                "SCREENSHOT", Path.of("target/dashboard.png").toAbsolutePath().toString());
        // live changes, one small file every 200 ms, so the throughput and latency lines have something to draw
        Path live = Files.createDirectories(fleet.base.resolve("site/live"));
        AtomicInteger n = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        writer.scheduleAtFixedRate(() -> write(live.resolve("page-" + n.incrementAndGet() + ".html")), 0, 200,
                TimeUnit.MILLISECONDS);
        try {
            BrowserScript.start("dashboard.test.mjs", env, tmp.resolve("browser.log"))
                    .awaitPassed("dashboard test passed");
        } finally {
            writer.shutdownNow();
        }

        List<TargetStatus> web1 = fleet.history("web1");
        assertTrue(web1.stream().anyMatch(s -> s.state() == TargetState.RECOVERY
                && s.reason().contains("dashboard@127.0.0.1 asked for a full sync")), web1::toString);
        assertEquals("dead", fleet.state("web2"));
    }

    private static void write(Path file) {
        try {
            Files.writeString(file, "live page " + file.getFileName() + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

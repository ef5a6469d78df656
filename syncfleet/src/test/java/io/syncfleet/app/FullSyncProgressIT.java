package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncfleet.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full sync's {@code --info=progress2} shows in {@code /status}: a target missing a 16 MB file gets a
 * full sync (asked for through the dashboard's action), rsync is slowed to 2 MB/s by
 * {@code rsync.extraArgs}, and {@code /status} shows its bytes and percentage grow, then no progress once
 * it is done. Where Chromium runs ({@link BrowserScript}), the dashboard must show it too
 * ({@code progress.test.mjs}); elsewhere that part is left out (DashboardBrowserIT says why it skips).
 */
class FullSyncProgressIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 24 * 1024 * 1024;

    @TempDir
    Path tmp;
    FleetFixture fleet;
    int port;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void runningFullSyncShowsGrowingProgressInStatus() throws Exception {
        port = FreePorts.one();
        fleet = new FleetFixture(tmp, 1, "status: {listen: \"127.0.0.1:" + port + "\", allowActions: true}\n"
                + "rsync: {extraArgs: [\"--bwlimit=2000\"]}\n");
        byte[] big = new byte[SIZE];
        new Random(7).nextBytes(big);
        Files.write(fleet.base.resolve("site/big.bin"), big);
        fleet.awaitConverged(1);
        fleet.awaitIdle(1); // no replayed sync may put big.bin back before the full sync asked below
        Files.delete(fleet.root(1).resolve("big.bin")); // only a full sync puts it back
        BrowserScript browser = BrowserScript.missing() != null ? null : BrowserScript.start("progress.test.mjs",
                Map.of("DASHBOARD_URL", "http://127.0.0.1:" + port + "/",
                        "SCREENSHOT", Path.of("target/dashboard-progress.png").toAbsolutePath().toString()),
                tmp.resolve("browser.log"));

        HttpResponse<String> asked = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/actions/full-sync?target=web1"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, asked.statusCode(), asked.body());

        List<JsonNode> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode p = status().path("targets").path(0).path("progress");
            if (p.path("rsync").isObject()) {
                seen.add(p);
            }
            return seen.stream().map(s -> s.path("rsync").path("bytes").asLong()).distinct().count() >= 2;
        });
        JsonNode first = seen.get(0);
        JsonNode last = seen.get(seen.size() - 1);
        assertEquals("site", last.path("root").asText(), last.toString());
        assertTrue(last.path("rsync").path("bytes").asLong() > first.path("rsync").path("bytes").asLong(),
                seen.toString());
        assertTrue(last.path("rsync").path("bytes").asLong() < SIZE, "seen while running: " + last);
        assertTrue(last.path("rsync").path("bytesPerSecond").asDouble() > 0, last.toString());
        assertTrue(last.path("startedAtMillis").asLong() > 0, last.toString());
        JsonNode worker = status().path("worker").path("targets").path(0);
        assertEquals("web1", worker.path("id").asText(), worker.toString());

        if (browser != null) {
            browser.awaitPassed("progress test passed");
        }
        fleet.awaitConverged(1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> status().path("targets").path(0).path("progress").isNull());
    }

    private JsonNode status() throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}

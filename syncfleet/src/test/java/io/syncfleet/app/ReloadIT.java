package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TestTrees;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @Test
    void aReloadedExcludeReachesThePushEndpointAndTheWatcherMetersFollowTheNewWatcher() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (FleetFixture fleet = new FleetFixture(tmp, 1, "status: {listen: \"127.0.0.1:" + port + "\"}\n")) {
            TestTrees.write(fleet.base, "site/page.draft", "draft");
            fleet.awaitConverged(1);
            assertEquals(200, post(port, "[\"site/page.draft\"]").statusCode(), "no exclude yet");

            String original = Files.readString(fleet.configFile);
            String excluding = original.replace("paths: [site]}", "paths: [site], exclude: [\"*.draft\"]}");
            assertTrue(!excluding.equals(original), original);
            Files.writeString(fleet.configFile, excluding);
            assertTrue(new ConfigReloader(fleet.configFile, null, Map.of(), fleet.node).reload());

            HttpResponse<String> refused = post(port, "[\"site/page.draft\"]");
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("exclu"), refused.body());

            double before = scrape(port).sum("syncfleet_watcher_events_total");
            TestTrees.write(fleet.base, "site/after-reload.html", "new");
            await("the new watcher's events counted").atMost(Duration.ofSeconds(60))
                    .until(() -> scrape(port).sum("syncfleet_watcher_events_total") > before);
            await().atMost(Duration.ofSeconds(60)).until(() -> scrape(port).sum("syncfleet_watcher_batches_total") >= 1);
            await("one directory (site) watched by the running watcher").atMost(Duration.ofSeconds(60))
                    .until(() -> scrape(port).sum("syncfleet_watcher_watched_directories") == 1.0);
        }
    }

    private static HttpResponse<String> post(int port, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/push"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static PrometheusText scrape(int port) throws Exception {
        return PrometheusText.parse(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}

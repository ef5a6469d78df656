package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} scraped over HTTP from a running fleet (real watcher, broker, worker, keeper and two
 * rsync daemons): the series exist after a real sync and their values move with further syncs and a dead
 * target.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    static FleetFixture fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = new FleetFixture(tmp, 2, "status: {listen: \"127.0.0.1:" + FreePorts.one() + "\"}\n");
        Files.writeString(fleet.base.resolve("site/index.html"), "home\n");
        fleet.awaitConverged(1, 2);
        fleet.awaitState("web1", "ready");
        fleet.awaitState("web2", "ready");
        Files.writeString(fleet.base.resolve("site/about.html"), "about\n"); // a live sync, after the initial one
        fleet.awaitConverged(1, 2);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    static PrometheusText scrape() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + fleet.node.statusPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers()::toString);
        return PrometheusText.parse(r.body());
    }

    @Test
    @Order(1)
    void everySeriesIsThereAfterARealSync() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            PrometheusText m = scrape();
            for (String target : new String[] {"web1", "web2"}) {
                atLeast(m, 1, "syncfleet_target_syncs_total", "target", target, "outcome", "ok");
                atLeast(m, 2, "syncfleet_target_files_total", "target", target);
                atLeast(m, "home\nabout\n".length(), "syncfleet_target_bytes_total", "target", target);
                assertEquals(0.0, m.sum("syncfleet_target_errors_total", "target", target), target);
                atLeast(m, 1, "syncfleet_target_rsync_duration_seconds_count", "target", target);
                assertTrue(m.sum("syncfleet_target_rsync_duration_seconds_bucket", "target", target, "le", "+Inf")
                        >= 1, target);
                atLeast(m, 1, "syncfleet_sync_latency_seconds_count", "target", target);
                atLeast(m, 1, "syncfleet_sync_latency_seconds_bucket", "target", target, "le", "+Inf");
                assertEquals(1.0, m.sum("syncfleet_target_state", "target", target, "state", "ready"), target);
                assertEquals(0.0, m.sum("syncfleet_target_state", "target", target, "state", "dead"), target);
                atLeast(m, 0, "syncfleet_target_lag_records", "target", target);
                atLeast(m, 0, "syncfleet_target_lag_seconds", "target", target);
            }
            atLeast(m, 1, "syncfleet_watcher_events_total");
            atLeast(m, 1, "syncfleet_watcher_batches_total");
            atLeast(m, 1, "syncfleet_watcher_watched_directories");
            assertEquals(0.0, m.sum("syncfleet_watcher_overflows_total"));
        });
    }

    @Test
    @Order(2)
    void countersMoveWithMoreSyncs() throws Exception {
        PrometheusText before = scrape();
        for (int i = 0; i < 3; i++) {
            Files.writeString(fleet.base.resolve("site/page" + i + ".html"), "page " + i + "\n".repeat(100));
        }
        fleet.awaitConverged(1, 2);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            PrometheusText after = scrape();
            for (String target : new String[] {"web1", "web2"}) {
                grew(before, after, 3, "syncfleet_target_files_total", "target", target);
                grew(before, after, 1, "syncfleet_target_syncs_total", "target", target);
                grew(before, after, 300, "syncfleet_target_bytes_total", "target", target);
                grew(before, after, 1, "syncfleet_sync_latency_seconds_count", "target", target);
            }
            grew(before, after, 3, "syncfleet_watcher_events_total");
            grew(before, after, 1, "syncfleet_worker_change_records_decoded_total");
            // both targets' consumers read every record: most of them get it already decoded by the other's
            atLeast(after, 1, "syncfleet_worker_change_records_shared_total");
        });
    }

    @Test
    @Order(3)
    void aKilledTargetShowsLagAndTheDeadState() throws Exception {
        // (whether a push to web2 fails, and counts an error, depends on whether a probe saw it dead first)
        fleet.targets.get(1).kill();
        Files.writeString(fleet.base.resolve("site/while-web2-down.html"), "down\n");
        fleet.awaitConverged(1);
        fleet.awaitState("web2", "dead");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            PrometheusText m = scrape();
            assertEquals(1.0, m.sum("syncfleet_target_state", "target", "web2", "state", "dead"));
            assertEquals(0.0, m.sum("syncfleet_target_state", "target", "web2", "state", "ready"));
            assertEquals(1.0, m.sum("syncfleet_target_state", "target", "web1", "state", "ready"));
            atLeast(m, 1, "syncfleet_target_lag_records", "target", "web2");
            atLeast(m, Double.MIN_VALUE, "syncfleet_target_lag_seconds", "target", "web2");
            assertEquals(0.0, m.sum("syncfleet_target_errors_total", "target", "web1"));
        });
    }

    private static void atLeast(PrometheusText m, double min, String name, String... labels) {
        double v = m.sum(name, labels);
        assertTrue(v >= min, () -> name + java.util.Arrays.toString(labels) + " = " + v + ", expected at least " + min
                + "; samples: " + m.samples().stream().filter(s -> s.name().startsWith("syncfleet_")).toList());
    }

    private static void grew(PrometheusText before, PrometheusText after, double by, String name,
                             String... labels) {
        double b = before.sum(name, labels);
        double a = after.sum(name, labels);
        assertTrue(a - (Double.isNaN(b) ? 0 : b) >= by, name + java.util.Arrays.toString(labels) + " went from " + b
                + " to " + a + ", expected a growth of at least " + by);
    }
}

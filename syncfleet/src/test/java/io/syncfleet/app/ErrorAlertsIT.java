package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncfleet.testkit.RsyncDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Error-rate alerts from real failures: the whole pipeline (watcher, worker, keeper) with one good target and
 * one added at run time whose rsync module does not exist. Its daemon answers probes, so the keeper keeps
 * trying to catch it up, and every real rsync run fails (exit 5, fatal-config): the alert command gets the
 * alert naming that target, while the good target keeps syncing.
 */
class ErrorAlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void realRsyncFailuresFireAnAlertThatNamesTheTargetAndTheReason() throws Exception {
        Path alerts = tmp.resolve("alerts.jsonl");
        String yaml = "alerts:\n  strategies: {60s: 2}\n  cooldown: 10m\n"
                + "  command: ['/bin/sh', '-c', 'cat >> \"$0\"; echo >> \"$0\"', '" + alerts + "']\n";
        try (FleetFixture fleet = new FleetFixture(tmp, 1, yaml)) {
            RsyncDaemon good = fleet.targets.get(0);
            String badUrl = "rsync://127.0.0.1:" + good.port() + "/no-such-module";
            FleetMembershipIT.cli("targets", "add", "web9", badUrl, "--config", fleet.configFile.toString());

            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(alerts) && !Files.readString(alerts).isBlank());
            JsonNode alert = JSON.readTree(Files.readAllLines(alerts).get(0));
            assertEquals("fired", alert.get("kind").asText());
            assertEquals("web9", alert.get("targets").get(0).get("id").asText());
            assertTrue(alert.get("errors").asInt() >= 2, alert.toString());
            assertEquals("fatal-config, rsync exit 5", alert.get("reasons").get(0).get("reason").asText(),
                    alert.toString());

            Files.writeString(fleet.base.resolve(FleetFixture.ROOT + "/still-synced.html"), "ok\n");
            fleet.awaitConverged(1);
            assertEquals(List.of("fired"), Files.readAllLines(alerts).stream().filter(l -> !l.isBlank())
                    .map(l -> l.contains("\"kind\":\"fired\"") ? "fired" : l).toList(), "one alert per cooldown");
        }
    }
}

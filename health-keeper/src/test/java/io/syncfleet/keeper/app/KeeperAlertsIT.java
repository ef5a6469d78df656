package io.syncfleet.keeper.app;

import static io.syncfleet.keeper.app.KeeperFixture.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.syncfleet.common.config.AlertStrategy;
import io.syncfleet.common.config.AlertsConfig;
import io.syncfleet.common.config.TargetsConfig;
import io.syncfleet.common.event.SyncOutcome;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Error-rate alerts end to end in the keeper: workers' reports published to the real {@code reports} topic
 * fire an alert that arrives on all three channels (a command appending its stdin to a file, a local HTTP
 * server, a local SMTP server), and the recovery notice follows on all three once the window has passed.
 */
class KeeperAlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private KeeperFixture fx;
    private HttpServer http;
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private GreenMail smtp;

    @BeforeEach
    void setUp() throws IOException {
        fx = new KeeperFixture(dir);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/alerts", ex -> {
            posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        http.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
        http.stop(0);
        smtp.stop();
    }

    private static List<String> kinds(List<String> jsons) throws IOException {
        List<String> out = new ArrayList<>();
        for (String j : jsons) {
            out.add(JSON.readTree(j).get("kind").asText());
        }
        return out;
    }

    private List<String> commandKinds(Path file) throws IOException {
        return Files.exists(file) ? kinds(Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList()) : List.of();
    }

    private List<String> mailSubjects() throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            out.add(m.getSubject());
        }
        return out;
    }

    @Test
    void reportedErrorsFireOnEveryChannelAndTheRecoveryFollows() throws Exception {
        Path out = dir.resolve("alerts.jsonl");
        AlertsConfig alerts = new AlertsConfig(List.of(new AlertStrategy(Duration.ofSeconds(10), 5)),
                Duration.ofMinutes(10), Duration.ofSeconds(10),
                List.of("/bin/sh", "-c", "cat >> \"$0\"; echo >> \"$0\"", out.toString()),
                new AlertsConfig.Webhook("http://127.0.0.1:" + http.getAddress().getPort() + "/alerts", Map.of()),
                new AlertsConfig.Email("127.0.0.1", smtp.getSmtp().getPort(), false, "", "", "syncfleet@example.com",
                        List.of("ops@example.com"), Map.of()));
        fx.start(fx.config(new TargetsConfig(List.of()), alerts));

        fx.report("web1", SyncOutcome.OK, 0, "", null);
        fx.report("web1", SyncOutcome.OK, 0, "", null);
        for (int i = 0; i < 3; i++) {
            fx.report("web1", SyncOutcome.TARGET_DOWN, 10, "rsync: failed to connect to 127.0.0.1: Connection refused", null);
        }
        fx.report("web2", SyncOutcome.PARTIAL, 23, "some files could not be transferred", null);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> posted.isEmpty());
        fx.report("web2", SyncOutcome.PARTIAL, 23, "some files could not be transferred", null);

        await().atMost(WAIT).until(() -> posted.size() == 1 && commandKinds(out).size() == 1
                && smtp.getReceivedMessages().length == 1);
        JsonNode fired = JSON.readTree(posted.get(0));
        assertEquals("fired", fired.get("kind").asText());
        assertEquals(fx.topics.prefix(), fired.get("fleet").asText());
        assertEquals(5, fired.get("errors").asInt());
        assertEquals("web1", fired.get("targets").get(0).get("id").asText());
        assertEquals(3, fired.get("targets").get(0).get("errors").asInt());
        assertEquals("target-down, rsync exit 10", fired.get("reasons").get(0).get("reason").asText());
        assertEquals(List.of("fired"), commandKinds(out));
        assertTrue(mailSubjects().get(0).startsWith("[" + fx.topics.prefix() + "] alert fired: 5 sync errors within"
                + " 10s (alert at 5) on 2 targets (web1 3, web2 2)"), mailSubjects().toString());
        assertTrue(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]).contains("\"kind\":\"fired\""));

        fx.report("web2", SyncOutcome.PARTIAL, 23, "more errors within the cooldown are counted, not sent", null);
        await().atMost(WAIT).until(() -> posted.size() == 2 && commandKinds(out).size() == 2
                && smtp.getReceivedMessages().length == 2);
        assertEquals(List.of("fired", "recovered"), kinds(posted));
        assertEquals(List.of("fired", "recovered"), commandKinds(out));
        assertTrue(mailSubjects().get(1).startsWith("[" + fx.topics.prefix() + "] alert recovered: "),
                mailSubjects().toString());
        assertEquals(6, JSON.readTree(posted.get(1)).get("episodeErrors").asInt());
    }

    @Test
    void aParkedDustbinEntryIsAlertedAtOnceWhateverTheRate() throws Exception {
        Path out = dir.resolve("parked.jsonl");
        AlertsConfig alerts = new AlertsConfig(List.of(new AlertStrategy(Duration.ofSeconds(10), 50)),
                Duration.ofMinutes(10), Duration.ofSeconds(10),
                List.of("/bin/sh", "-c", "cat >> \"$0\"; echo >> \"$0\"", out.toString()),
                new AlertsConfig.Webhook("", Map.of()), AlertsConfig.defaults().email());
        fx.start(fx.config(new TargetsConfig(List.of()), alerts));

        fx.parkedReport("web3", 2, "parked after 8 failed retries: syncfleet dustbin retry 0a1b2c");

        await().atMost(WAIT).until(() -> commandKinds(out).size() == 1);
        assertEquals(List.of("parked"), commandKinds(out));
        JsonNode parked = JSON.readTree(Files.readAllLines(out).get(0));
        assertEquals("web3", parked.get("targets").get(0).get("id").asText());
        assertTrue(parked.get("summary").asText().contains("2 path(s) parked in the dustbin"), parked.toString());
        assertTrue(parked.get("summary").asText().contains("syncfleet dustbin retry 0a1b2c"), parked.toString());
    }
}

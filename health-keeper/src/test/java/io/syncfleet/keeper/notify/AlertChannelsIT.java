package io.syncfleet.keeper.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.syncfleet.common.config.AlertStrategy;
import io.syncfleet.common.config.AlertsConfig;
import io.syncfleet.keeper.domain.alert.AlertDecision;
import io.syncfleet.keeper.domain.alert.ErrorRateMonitor;
import io.syncfleet.keeper.domain.alert.SyncError;
import io.syncfleet.keeper.process.LocalCommandRunner;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each channel against a real receiver: a command writing its stdin to a file, a local HTTP server, a local
 * SMTP server (GreenMail); and failures: a non-zero exit, HTTP 500, a hung server, a refused SMTP login.
 */
class AlertChannelsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpServer http;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> auths = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService httpThreads = Executors.newCachedThreadPool();
    private GreenMail smtp;

    @BeforeEach
    void servers() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/ok", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            auths.add(ex.getRequestHeaders().getFirst("Authorization") + " " + ex.getRequestHeaders().getFirst("Content-Type"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.createContext("/broken", ex -> {
            byte[] body = "database\n  on fire".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(500, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.createContext("/hung", ex -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        http.setExecutor(httpThreads);
        http.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        smtp.setUser("ops@example.com", "sf", "s3cret");
    }

    @AfterEach
    void stop() {
        release.countDown();
        http.stop(0);
        httpThreads.shutdownNow();
        smtp.stop();
    }

    /** A real alert: two errors against a 2-in-90s strategy. */
    private static AlertMessage fired() {
        ErrorRateMonitor m = new ErrorRateMonitor(List.of(new AlertStrategy(Duration.ofSeconds(90), 2)),
                Duration.ofMinutes(5), Clock.systemUTC());
        long now = System.currentTimeMillis();
        m.record(new SyncError(now, "web1", "target-down, rsync exit 10", "connection refused"));
        AlertDecision d = m.record(new SyncError(now, "web2", "partial, rsync exit 23", "some files failed")).orElseThrow();
        return AlertMessage.of("fleet-a", d.alert());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    private AlertsConfig.Email email(String password, String to) {
        return new AlertsConfig.Email("127.0.0.1", smtp.getSmtp().getPort(), false, "sf", password,
                "syncfleet@example.com", List.of(to), Map.of());
    }

    @Test
    void theCommandGetsTheJsonOnStdinAndTheKindInItsEnvironment() throws Exception {
        Path out = dir.resolve("alert.json");
        Path env = dir.resolve("env.txt");
        CommandChannel c = new CommandChannel(List.of("/bin/sh", "-c", "cat > \"$0\"; echo \"$SYNCFLEET_ALERT"
                + " $SYNCFLEET_FLEET\" > \"$1\"", out.toString(), env.toString()), TIMEOUT,
                new LocalCommandRunner(4096, 4096));
        AlertMessage m = fired();
        assertEquals("exit 0", c.send(m));
        JsonNode json = JSON.readTree(Files.readString(out));
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("fired", json.get("kind").asText());
        assertEquals("fleet-a", json.get("fleet").asText());
        assertEquals(2, json.get("errors").asInt());
        assertEquals("90s", json.get("strategies").get(0).get("window").asText());
        assertTrue(json.get("strategies").get(0).get("reached").asBoolean());
        assertEquals(List.of("web1", "web2"), List.of(json.get("targets").get(0).get("id").asText(),
                json.get("targets").get(1).get("id").asText()));
        assertEquals(m.alert().summary(), json.get("summary").asText());
        assertEquals("fired fleet-a", Files.readString(env).strip());
    }

    @Test
    void aFailingCommandIsADeliveryFailureWithItsExitCodeAndLastErrorLine() {
        CommandChannel c = new CommandChannel(List.of("/bin/sh", "-c", "echo 'sms gateway down' >&2; exit 3"), TIMEOUT,
                new LocalCommandRunner(4096, 4096));
        assertEquals("exited 3: sms gateway down", assertThrows(DeliveryException.class, () -> c.send(fired())).getMessage());
        CommandChannel missing = new CommandChannel(List.of(dir.resolve("nope").toString()), TIMEOUT,
                new LocalCommandRunner(4096, 4096));
        assertTrue(assertThrows(DeliveryException.class, () -> missing.send(fired())).getMessage().startsWith("cannot run "));
        CommandChannel slow = new CommandChannel(List.of("/bin/sh", "-c", "sleep 30"), Duration.ofMillis(300),
                new LocalCommandRunner(4096, 4096));
        assertEquals("killed: still running after alerts.timeout 300ms",
                assertThrows(DeliveryException.class, () -> slow.send(fired())).getMessage());
    }

    @Test
    void theWebhookPostsTheJsonWithItsHeaders() throws Exception {
        WebhookChannel w = new WebhookChannel(new AlertsConfig.Webhook(url("/ok"), Map.of("Authorization", "Bearer t0k")),
                TIMEOUT);
        AlertMessage m = fired();
        assertEquals("HTTP 204", w.send(m));
        assertEquals(List.of(m.json()), bodies);
        assertEquals(List.of("Bearer t0k application/json; charset=utf-8"), auths);
    }

    @Test
    void aWebhookAnsweringOtherThan2xxOrNotAtAllIsADeliveryFailure() {
        WebhookChannel broken = new WebhookChannel(new AlertsConfig.Webhook(url("/broken"), Map.of()), TIMEOUT);
        assertEquals("POST " + url("/broken") + " answered HTTP 500: database on fire",
                assertThrows(DeliveryException.class, () -> broken.send(fired())).getMessage());
        WebhookChannel hung = new WebhookChannel(new AlertsConfig.Webhook(url("/hung"), Map.of()), Duration.ofMillis(300));
        assertEquals("no answer from " + url("/hung") + " within alerts.timeout 300ms",
                assertThrows(DeliveryException.class, () -> hung.send(fired())).getMessage());
        http.stop(0);
        WebhookChannel refused = new WebhookChannel(new AlertsConfig.Webhook(url("/ok"), Map.of()), TIMEOUT);
        assertTrue(assertThrows(DeliveryException.class, () -> refused.send(fired())).getMessage()
                .startsWith("POST " + url("/ok") + " failed: "));
    }

    @Test
    void aHeaderTheClientOwnsIsRefusedAtStartWithItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WebhookChannel(
                new AlertsConfig.Webhook(url("/ok"), Map.of("Host", "x")), TIMEOUT));
        assertTrue(e.getMessage().startsWith("alerts.webhook.headers.Host: "), e.getMessage());
    }

    @Test
    void theEmailArrivesWithTheSummaryAsSubjectAndTheDetailsInTheBody() throws Exception {
        EmailChannel e = new EmailChannel(email("s3cret", "ops@example.com"), TIMEOUT);
        AlertMessage m = fired();
        assertEquals("sent to 1 recipient", e.send(m));
        MimeMessage[] got = smtp.getReceivedMessages();
        assertEquals(1, got.length);
        assertEquals(m.title(), got[0].getSubject());
        assertTrue(m.title().startsWith("[fleet-a] alert fired: 2 sync errors within 90s (alert at 2) on 2 targets"),
                m.title());
        String body = GreenMailUtil.getBody(got[0]);
        assertTrue(body.contains("reason: target-down, rsync exit 10 x1: connection refused"), body);
        assertTrue(body.contains("\"kind\":\"fired\""), body);
        assertEquals("syncfleet@example.com", got[0].getFrom()[0].toString());
    }

    @Test
    void withStartTlsRequiredAServerThatCannotSecureTheConnectionGetsNoMail() {
        AlertsConfig.Email clear = email("s3cret", "ops@example.com");
        EmailChannel e = new EmailChannel(new AlertsConfig.Email(clear.host(), clear.port(), true, clear.user(),
                clear.password(), clear.from(), clear.to(), Map.of()), TIMEOUT);
        String reason = assertThrows(DeliveryException.class, () -> e.send(fired())).getMessage();
        assertTrue(reason.contains("STARTTLS"), reason);
        assertEquals(0, smtp.getReceivedMessages().length);
    }

    @Test
    void aRefusedLoginIsADeliveryFailureThatNamesTheServerButNotThePassword() {
        smtp.getUserManager().setAuthRequired(true);
        EmailChannel e = new EmailChannel(email("wrong-pass", "ops@example.com"), TIMEOUT);
        String reason = assertThrows(DeliveryException.class, () -> e.send(fired())).getMessage();
        assertTrue(reason.startsWith("SMTP 127.0.0.1:" + smtp.getSmtp().getPort() + " refused or failed: "), reason);
        assertFalse(reason.contains("wrong-pass"), reason);
        assertEquals(0, smtp.getReceivedMessages().length);
    }

    @Test
    void aFailingChannelDelaysAndStopsNoOtherChannel() throws Exception {
        Path out = dir.resolve("alert.json");
        AlertChannel exploding = new AlertChannel() {
            @Override
            public String name() {
                return "exploding";
            }

            @Override
            public String send(AlertMessage message) {
                throw new IllegalStateException("boom");
            }
        };
        try (AlertSender sender = new AlertSender(List.of(exploding,
                new WebhookChannel(new AlertsConfig.Webhook(url("/hung"), Map.of()), Duration.ofSeconds(30)),
                new WebhookChannel(new AlertsConfig.Webhook(url("/broken"), Map.of()), TIMEOUT),
                new CommandChannel(List.of("/bin/sh", "-c", "cat > \"$0\"", out.toString()), TIMEOUT,
                        new LocalCommandRunner(4096, 4096)),
                new EmailChannel(email("s3cret", "ops@example.com"), TIMEOUT)))) {
            AlertMessage m = fired();
            sender.send(m);
            sender.send(m);
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(out) && Files.readString(out).equals(m.json()));
            assertEquals(List.of("exploding", "webhook", "webhook", "command", "email"), sender.channels());
            release.countDown();
        }
    }
}

package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code alerts.*}: strategies, cooldown, the three channels and their validation. */
class AlertKeysTest {

    @Test
    void defaultsAreTheSeedStrategiesAndNoChannel() {
        AlertsConfig a = Configs.load(Configs.withBaseDir("")).alerts();
        assertEquals(AlertsConfig.defaults(), a);
        assertEquals(List.of(new AlertStrategy(Duration.ofSeconds(90), 30), new AlertStrategy(Duration.ofSeconds(120), 20),
                new AlertStrategy(Duration.ofSeconds(150), 10), new AlertStrategy(Duration.ofSeconds(300), 5)),
                a.strategies());
        assertEquals(Duration.ofMinutes(5), a.cooldown());
        assertTrue(a.enabled());
        assertFalse(a.hasChannel());
        assertEquals("{90s: 30, 120s: 20, 150s: 10, 300s: 5}", AlertKeys.ALERTS_STRATEGIES.defaultText());
    }

    @Test
    void strategiesAreSortedByWindowAndEmptyTurnsAlertsOff() {
        AlertsConfig a = Configs.load(Configs.withBaseDir("alerts: {strategies: {5m: 5, 10s: 3}}\n")).alerts();
        assertEquals(List.of(new AlertStrategy(Duration.ofSeconds(10), 3), new AlertStrategy(Duration.ofMinutes(5), 5)),
                a.strategies());
        assertFalse(Configs.load(Configs.withBaseDir("alerts: {strategies: {}}\n")).alerts().enabled());
        assertFalse(Configs.load(Configs.withBaseDir("alerts:\n  strategies:\n")).alerts().enabled());
    }

    @Test
    void everyChannelIsRead() {
        AlertsConfig a = Configs.load(Configs.withBaseDir("""
                alerts:
                  cooldown: 10m
                  timeout: 3s
                  command: /usr/local/bin/page-oncall
                  webhook:
                    url: https://hooks.example.com/sf
                    headers: {Authorization: Bearer abc}
                  email:
                    host: smtp.example.com
                    port: 25
                    user: sf
                    password: hunter2
                    from: syncfleet@example.com
                    to: [ops@example.com, dev@example.com]
                    properties: {mail.smtp.ssl.trust: smtp.example.com}
                """)).alerts();
        assertEquals(Duration.ofMinutes(10), a.cooldown());
        assertEquals(Duration.ofSeconds(3), a.timeout());
        assertEquals(List.of("/bin/sh", "-c", "/usr/local/bin/page-oncall"), a.command());
        assertEquals(new AlertsConfig.Webhook("https://hooks.example.com/sf", Map.of("Authorization", "Bearer abc")),
                a.webhook());
        assertEquals(new AlertsConfig.Email("smtp.example.com", 25, true, "sf", "hunter2", "syncfleet@example.com",
                List.of("ops@example.com", "dev@example.com"), Map.of("mail.smtp.ssl.trust", "smtp.example.com")),
                a.email());
        assertTrue(a.hasChannel());
        assertFalse(a.email().toString().contains("hunter2"), a.email().toString());
        assertFalse(a.webhook().toString().contains("abc"), a.webhook().toString());
    }

    @Test
    void thePasswordComesFromTheEnvironmentAndIsMaskedWhenPrinted() {
        SyncfleetConfig c = Configs.load(Configs.withBaseDir(
                "alerts: {email: {host: smtp.example.com, user: sf, from: a@example.com, to: [b@example.com]},"
                        + " webhook: {url: 'http://h/x', headers: {X-Token: t0k}}}\n"),
                Map.of("SYNCFLEET_ALERTS_EMAIL_PASSWORD", "hunter2"));
        assertEquals("hunter2", c.alerts().email().password());
        assertEquals(Secrets.MASK, AlertKeys.ALERTS_EMAIL_PASSWORD.yamlValue(c));
        assertEquals(Map.of("X-Token", Secrets.MASK), AlertKeys.ALERTS_WEBHOOK_HEADERS.yamlValue(c));
        assertEquals("", AlertKeys.ALERTS_EMAIL_PASSWORD.yamlValue(Configs.load(Configs.withBaseDir(""))));
    }

    @Test
    void everyBadStrategyIsReportedWithItsPath() {
        assertEquals(List.of(
                "alerts.strategies.90: window: expected a duration like 250ms, 5s, 1m, 1h or 1d, got '90' (a unit is"
                        + " required) (line 2)",
                "alerts.strategies.2d: window must be between 1s and 1d, got 2d (line 2)",
                "alerts.strategies.10s: expected an error count between 1 and 100000, got '0' (line 2)",
                "alerts.strategies.20s: expected an error count between 1 and 100000, got 'many' (line 2)",
                "alerts.strategies.1m: the same window as alerts.strategies.60s; list each window once (line 2)"),
                Configs.problems(Configs.withBaseDir(
                        "alerts: {strategies: {90: 30, 2d: 1, 10s: 0, 20s: many, 60s: 4, 1m: 5}}\n")));
        assertEquals(List.of("alerts.strategies: expected a map of window to error count, e.g. {90s: 30, 300s: 5},"
                + " got a list (line 2)"), Configs.problems(Configs.withBaseDir("alerts: {strategies: [30]}\n")));
    }

    @Test
    void badChannelsAreReportedWithTheirPaths() {
        assertEquals(List.of(
                "alerts.webhook.url: expected an http:// or https:// url with a host, got 'ftp://x/y' (line 4)",
                "alerts.email.host: expected a host name, got 'smtp example' (line 6)",
                "alerts.email.port: must be between 1 and 65535, got 0 (line 7)",
                "alerts.email.from: expected an address like name@example.com, got 'ops' (line 8)",
                "alerts.email.to: entry [1]: expected an address like name@example.com, got 'dev' (line 9)",
                "alerts.emial: unknown key; did you mean alerts.email? (line 10)"),
                Configs.problems(Configs.withBaseDir("""
                        alerts:
                          webhook:
                            url: ftp://x/y
                          email:
                            host: smtp example
                            port: 0
                            from: ops
                            to: [ops@example.com, dev]
                          emial: {}
                        """)));
    }

    @Test
    void headersTheClientOwnsAreRefused() {
        assertEquals(List.of("alerts.webhook.headers: 'Host' is set by syncfleet or the HTTP client; remove it (line 2)"),
                Configs.problems(Configs.withBaseDir("alerts: {webhook: {url: 'http://h/x', headers: {Host: x}}}\n")));
        assertEquals(List.of("alerts.webhook.headers: 'a b' is not a valid header name (line 2)"),
                Configs.problems(Configs.withBaseDir("alerts: {webhook: {headers: {'a b': x}}}\n")));
    }

    @Test
    void emailNeedsSenderRecipientsAndTlsForAPassword() {
        assertEquals(List.of(
                "alerts.email.from: required when alerts.email.host is set (the sender address) (line 2)",
                "alerts.email.to: required when alerts.email.host is set (at least one recipient) (line 2)",
                "alerts.email.user: required when alerts.email.password is set (line 2)",
                "alerts.email.startTls: must be true when a password is sent to smtp.example.com (it would cross the"
                        + " network in clear text) (line 2)"),
                Configs.problems(Configs.withBaseDir(
                        "alerts: {email: {host: smtp.example.com, password: pw, startTls: false}}\n")));
        AlertsConfig local = Configs.load(Configs.withBaseDir("alerts: {email: {host: 127.0.0.1, user: u, password: pw,"
                + " startTls: false, from: a@example.com, to: [b@example.com]}}\n")).alerts();
        assertFalse(local.email().startTls());
    }
}

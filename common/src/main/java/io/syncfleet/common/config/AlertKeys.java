package io.syncfleet.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The keys of the {@code alerts} section, defined like those of {@link ConfigKeys} (which lists
 * {@link #SECTION} and {@link #CROSS_CHECKS}); kept apart because the section is large.
 */
public final class AlertKeys {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;]+@[^@\\s<>,;]+");
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1", "[::1]");

    public static final ConfigField<List<AlertStrategy>> ALERTS_STRATEGIES = ConfigField.define("alerts.strategies",
                    new AlertStrategiesType())
            .withDefault(seedStrategies())
            .readFrom(c -> c.alerts().strategies())
            .withDoc("Error-rate rules, window: error count; `{90s: 30}` means \"30 failed syncs or more within any"
                    + " 90 s fires an alert\". Errors are the workers' reports of every outcome but ok (partial,"
                    + " target-down, fatal-config), summed over the whole fleet; an alert names the targets and the"
                    + " top reasons. An alert fires when any rule is reached; a recovery notice follows once every"
                    + " rule is below its count again. `{}` turns alerts off. The default is the seed's SmartPool"
                    + " (with it, 5 errors within 300 s is the rule reached first).");

    public static final ConfigField<Duration> ALERTS_COOLDOWN = ConfigField.define("alerts.cooldown", FieldTypes.DURATION)
            .withDefault("5m")
            .validatedBy(Validators.durationBetween(Duration.ofSeconds(1), Duration.ofDays(7)))
            .readFrom(c -> c.alerts().cooldown())
            .withDoc("Least time between two alerts: while the rate stays high, a reminder is sent every cooldown;"
                    + " a new burst within the cooldown of the last alert is logged as suppressed and not sent"
                    + " (nor is its recovery).");

    public static final ConfigField<Duration> ALERTS_TIMEOUT = ConfigField.define("alerts.timeout", FieldTypes.DURATION)
            .withDefault("10s")
            .validatedBy(Validators.durationBetween(Duration.ofMillis(100), Duration.ofMinutes(10)))
            .readFrom(c -> c.alerts().timeout())
            .withDoc("How long one delivery may take: the command run (then killed), the HTTP request, the SMTP"
                    + " connection and each of its reads.");

    public static final ConfigField<List<String>> ALERTS_COMMAND = ConfigField.define("alerts.command", FieldTypes.COMMAND)
            .withDefault(List.of())
            .readFrom(c -> c.alerts().command())
            .withDoc("Run for each alert with the alert as one JSON object on stdin and SYNCFLEET_ALERT (`fired`,"
                    + " `still-firing`, `recovered` or `test`) in its environment, e.g. to send an SMS; empty for"
                    + " none. A non-zero exit is logged.");

    public static final ConfigField<String> ALERTS_WEBHOOK_URL = ConfigField.define("alerts.webhook.url", FieldTypes.STRING)
            .withDefault("")
            .validatedBy(httpUrl())
            .readFrom(c -> c.alerts().webhook().url())
            .withDoc("http:// or https:// address each alert is POSTed to as JSON (Content-Type application/json);"
                    + " empty for none. A status other than 2xx is logged.");

    public static final ConfigField<Map<String, String>> ALERTS_WEBHOOK_HEADERS = ConfigField.define(
                    "alerts.webhook.headers", FieldTypes.STRING_MAP)
            .withDefault(Map.of())
            .validatedBy(headerNames())
            .readFrom(c -> c.alerts().webhook().headers())
            .maskedBy(AlertKeys::maskValues)
            .withDoc("Extra request headers, e.g. `{Authorization: \"Bearer ...\"}`; their values are masked when the"
                    + " config is printed.");

    public static final ConfigField<String> ALERTS_EMAIL_HOST = ConfigField.define("alerts.email.host", FieldTypes.STRING)
            .withDefault("")
            .validatedBy(new Validator<>("a host name or address, no spaces",
                    v -> v.isEmpty() || v.matches("\\S+") ? null : "expected a host name, got '" + v + "'"))
            .readFrom(c -> c.alerts().email().host())
            .withDoc("SMTP server that mails each alert; empty for none. Needs alerts.email.from and"
                    + " alerts.email.to.");

    public static final ConfigField<Integer> ALERTS_EMAIL_PORT = ConfigField.define("alerts.email.port", FieldTypes.INT)
            .withDefault(587)
            .validatedBy(Validators.between(1, 65535))
            .readFrom(c -> c.alerts().email().port())
            .withDoc("SMTP port: 587 (submission, STARTTLS) or 25.");

    public static final ConfigField<Boolean> ALERTS_EMAIL_START_TLS = ConfigField.define("alerts.email.startTls",
                    FieldTypes.BOOLEAN)
            .withDefault(true)
            .readFrom(c -> c.alerts().email().startTls())
            .withDoc("Require STARTTLS: the mail is not sent over a connection the server cannot secure. `false`"
                    + " sends in clear text, which is allowed with a password only to a server on this host.");

    public static final ConfigField<String> ALERTS_EMAIL_USER = ConfigField.define("alerts.email.user", FieldTypes.STRING)
            .withDefault("")
            .readFrom(c -> c.alerts().email().user())
            .withDoc("SMTP login; empty to send without logging in.");

    public static final ConfigField<String> ALERTS_EMAIL_PASSWORD = ConfigField.define("alerts.email.password",
                    FieldTypes.STRING)
            .withDefault("")
            .readFrom(c -> c.alerts().email().password())
            .maskedBy(v -> "".equals(v) ? v : Secrets.MASK)
            .withDoc("SMTP password; masked when the config is printed and never logged. Prefer the environment"
                    + " variable to writing it in the file.");

    public static final ConfigField<String> ALERTS_EMAIL_FROM = ConfigField.define("alerts.email.from", FieldTypes.STRING)
            .withDefault("")
            .validatedBy(addressOrEmpty())
            .readFrom(c -> c.alerts().email().from())
            .withDoc("Sender address, e.g. `syncfleet@example.com`.");

    public static final ConfigField<List<String>> ALERTS_EMAIL_TO = ConfigField.define("alerts.email.to",
                    FieldTypes.STRING_LIST)
            .withDefault(List.of())
            .validatedBy(addresses())
            .readFrom(c -> c.alerts().email().to())
            .withDoc("Recipient addresses.");

    public static final ConfigField<Map<String, String>> ALERTS_EMAIL_PROPERTIES = ConfigField.define(
                    "alerts.email.properties", FieldTypes.STRING_MAP)
            .withDefault(Map.of())
            .readFrom(c -> c.alerts().email().properties())
            .maskedBy(Secrets::maskEntries)
            .withDoc("Extra Jakarta Mail session properties, e.g. `mail.smtp.ssl.trust: mail.example.com` for a"
                    + " server whose certificate is self-signed. Write dotted keys as one key.");

    public static final ConfigSection SECTION = new ConfigSection("alerts",
            "Error-rate alerts raised by the health keeper, and where they are sent.",
            List.of(ALERTS_STRATEGIES, ALERTS_COOLDOWN, ALERTS_TIMEOUT, ALERTS_COMMAND, ALERTS_WEBHOOK_URL,
                    ALERTS_WEBHOOK_HEADERS, ALERTS_EMAIL_HOST, ALERTS_EMAIL_PORT, ALERTS_EMAIL_START_TLS,
                    ALERTS_EMAIL_USER, ALERTS_EMAIL_PASSWORD, ALERTS_EMAIL_FROM, ALERTS_EMAIL_TO,
                    ALERTS_EMAIL_PROPERTIES));

    /** Rules between the email keys. */
    public static final List<CrossCheck> CROSS_CHECKS = List.of(
            CrossCheck.of(List.of(ALERTS_EMAIL_HOST, ALERTS_EMAIL_FROM, ALERTS_EMAIL_TO), (v, ctx) -> {
                if (v.get(ALERTS_EMAIL_HOST).isEmpty()) {
                    return;
                }
                if (v.get(ALERTS_EMAIL_FROM).isEmpty()) {
                    ctx.problem(ALERTS_EMAIL_FROM.key(), "required when alerts.email.host is set (the sender address)",
                            v.where(ALERTS_EMAIL_HOST));
                }
                if (v.get(ALERTS_EMAIL_TO).isEmpty()) {
                    ctx.problem(ALERTS_EMAIL_TO.key(), "required when alerts.email.host is set (at least one"
                            + " recipient)", v.where(ALERTS_EMAIL_HOST));
                }
            }),
            CrossCheck.of(List.of(ALERTS_EMAIL_USER, ALERTS_EMAIL_PASSWORD), (v, ctx) -> {
                if (v.get(ALERTS_EMAIL_USER).isEmpty() && !v.get(ALERTS_EMAIL_PASSWORD).isEmpty()) {
                    ctx.problem(ALERTS_EMAIL_USER.key(), "required when alerts.email.password is set",
                            v.where(ALERTS_EMAIL_PASSWORD));
                }
            }),
            CrossCheck.of(List.of(ALERTS_EMAIL_HOST, ALERTS_EMAIL_START_TLS, ALERTS_EMAIL_PASSWORD), (v, ctx) -> {
                String host = v.get(ALERTS_EMAIL_HOST).toLowerCase(Locale.ROOT);
                if (!v.get(ALERTS_EMAIL_START_TLS) && !v.get(ALERTS_EMAIL_PASSWORD).isEmpty()
                        && !host.isEmpty() && !LOOPBACK.contains(host)) {
                    ctx.problem(ALERTS_EMAIL_START_TLS.key(), "must be true when a password is sent to " + host
                            + " (it would cross the network in clear text)", v.where(ALERTS_EMAIL_START_TLS));
                }
            }));

    private AlertKeys() {
    }

    private static Map<String, Object> seedStrategies() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("90s", 30);
        m.put("120s", 20);
        m.put("150s", 10);
        m.put("300s", 5);
        return m;
    }

    private static Validator<String> httpUrl() {
        return new Validator<>("empty, or an http:// or https:// url", v -> {
            if (v.isEmpty()) {
                return null;
            }
            String expected = "expected an http:// or https:// url with a host, got '" + v + "'";
            try {
                URI uri = new URI(v);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? null : expected;
            } catch (URISyntaxException e) {
                return expected + " (" + e.getReason() + ")";
            }
        });
    }

    /** Headers the HTTP client sets itself (it refuses them) or that syncfleet sets. */
    private static Validator<Map<String, String>> headerNames() {
        List<String> owned = List.of("connection", "content-length", "content-type", "expect", "host", "upgrade");
        return new Validator<>("not Connection, Content-Length, Content-Type, Expect, Host or Upgrade", v -> {
            for (String name : new TreeMap<>(v).keySet()) {
                if (owned.contains(name.toLowerCase(Locale.ROOT))) {
                    return "'" + name + "' is set by syncfleet or the HTTP client; remove it";
                }
                if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    return "'" + name + "' is not a valid header name";
                }
            }
            return null;
        });
    }

    private static Validator<String> addressOrEmpty() {
        return new Validator<>("empty, or an address like name@example.com", v -> v.isEmpty()
                || ADDRESS.matcher(v).matches() ? null : "expected an address like name@example.com, got '" + v + "'");
    }

    private static Validator<List<String>> addresses() {
        return new Validator<>("addresses like name@example.com", v -> {
            for (int i = 0; i < v.size(); i++) {
                if (!ADDRESS.matcher(v.get(i)).matches()) {
                    return "entry [" + i + "]: expected an address like name@example.com, got '" + v.get(i) + "'";
                }
            }
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private static Object maskValues(Object yaml) {
        if (!(yaml instanceof Map<?, ?> m)) {
            return yaml;
        }
        Map<String, String> out = new TreeMap<>();
        ((Map<String, String>) m).forEach((k, val) -> out.put(k, Secrets.MASK));
        return out;
    }
}

package io.syncfleet.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code alerts.*}: error-rate alerts raised by the health keeper from the workers' sync reports.
 *
 * @param strategies the rules, sorted by window; empty turns alerting off
 * @param cooldown least time between two alerts sent for the error rate (repeats are suppressed until then)
 * @param timeout how long one delivery (command run, HTTP request, SMTP session) may take
 * @param command argv run with the alert as JSON on stdin; empty for none
 * @param webhook the HTTP channel
 * @param email the SMTP channel
 */
public record AlertsConfig(List<AlertStrategy> strategies, Duration cooldown, Duration timeout, List<String> command,
                           Webhook webhook, Email email) {

    public AlertsConfig {
        strategies = List.copyOf(strategies);
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(timeout, "timeout");
        command = List.copyOf(command);
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(email, "email");
    }

    /**
     * {@code alerts.webhook.*}.
     *
     * @param url http:// or https:// address the alert is POSTed to as JSON; empty for none
     * @param headers extra request headers, e.g. {@code Authorization}
     */
    public record Webhook(String url, Map<String, String> headers) {
        public Webhook {
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
        }

        public boolean enabled() {
            return !url.isEmpty();
        }

        /** Header values are not shown: they often carry tokens. */
        @Override
        public String toString() {
            return "Webhook[url=" + url + ", headers=" + headers.keySet() + "]";
        }
    }

    /**
     * {@code alerts.email.*}.
     *
     * @param host SMTP server; empty for none
     * @param port SMTP port
     * @param startTls true to require STARTTLS before logging in and sending
     * @param user SMTP login; empty to send without logging in
     * @param password SMTP password; never printed
     * @param from the sender address
     * @param to the recipients
     * @param properties extra Jakarta Mail session properties
     */
    public record Email(String host, int port, boolean startTls, String user, String password, String from,
                        List<String> to, Map<String, String> properties) {
        public Email {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(from, "from");
            to = List.copyOf(to);
            properties = Map.copyOf(properties);
        }

        public boolean enabled() {
            return !host.isEmpty();
        }

        /** The password is masked. */
        @Override
        public String toString() {
            return "Email[host=" + host + ", port=" + port + ", startTls=" + startTls + ", user=" + user
                    + ", password=" + (password.isEmpty() ? "" : Secrets.MASK) + ", from=" + from + ", to=" + to
                    + ", properties=" + Secrets.mask(properties) + "]";
        }
    }

    /** The values of the key defaults (a test keeps the two equal): the seed's strategies, no channel. */
    public static AlertsConfig defaults() {
        return new AlertsConfig(List.of(new AlertStrategy(Duration.ofSeconds(90), 30),
                new AlertStrategy(Duration.ofSeconds(120), 20), new AlertStrategy(Duration.ofSeconds(150), 10),
                new AlertStrategy(Duration.ofSeconds(300), 5)), Duration.ofMinutes(5), Duration.ofSeconds(10),
                List.of(), new Webhook("", Map.of()), new Email("", 587, true, "", "", "", List.of(), Map.of()));
    }

    /** True when at least one strategy is set. */
    public boolean enabled() {
        return !strategies.isEmpty();
    }

    /** True when at least one channel (command, webhook, email) is set. */
    public boolean hasChannel() {
        return !command.isEmpty() || webhook.enabled() || email.enabled();
    }
}

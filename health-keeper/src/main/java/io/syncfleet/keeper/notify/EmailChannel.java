package io.syncfleet.keeper.notify;

import io.syncfleet.common.config.AlertsConfig;
import io.syncfleet.keeper.domain.alert.Alert;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * {@code alerts.email}: mails each alert through an SMTP server with Jakarta Mail (Angus Mail): subject
 * {@link AlertMessage#title()}, a plain-text body with the details and the JSON at the end. With
 * {@code startTls} the session requires STARTTLS (no mail over a connection the server cannot secure); with a
 * user it logs in. Connect, reads and writes are bounded by {@code alerts.timeout}. The password never reaches a
 * log line: failures are reported by the server's reply, not by the session's properties.
 */
public final class EmailChannel implements AlertChannel {

    private final AlertsConfig.Email config;
    private final Session session;
    private final InternetAddress from;
    private final Address[] to;

    /** @throws IllegalArgumentException naming the key when an address cannot be parsed */
    public EmailChannel(AlertsConfig.Email config, Duration timeout) {
        this.config = config;
        String ms = Long.toString(timeout.toMillis());
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", Integer.toString(config.port()));
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.starttls.enable", Boolean.toString(config.startTls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(config.startTls()));
        p.put("mail.smtp.auth", Boolean.toString(!config.user().isEmpty()));
        p.putAll(config.properties());
        this.session = Session.getInstance(p);
        this.from = address("alerts.email.from", config.from());
        this.to = config.to().stream().map(a -> address("alerts.email.to", a)).toArray(Address[]::new);
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public String send(AlertMessage message) throws DeliveryException {
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(from);
            mail.setRecipients(Message.RecipientType.TO, to);
            mail.setSentDate(new Date(message.alert().atMillis()));
            mail.setSubject(message.title(), StandardCharsets.UTF_8.name());
            mail.setText(String.join("\n", textLines(message)) + "\n\n" + message.json() + "\n",
                    StandardCharsets.UTF_8.name());
            if (config.user().isEmpty()) {
                Transport.send(mail);
            } else {
                Transport.send(mail, config.user(), config.password());
            }
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP " + config.host() + ":" + config.port() + " refused or failed: "
                    + oneLine(e), e);
        }
        return "sent to " + to.length + (to.length == 1 ? " recipient" : " recipients");
    }

    private static InternetAddress address(String key, String text) {
        try {
            return new InternetAddress(text, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a mail address: " + e.getMessage(), e);
        }
    }

    /** The exception and its causes in one line: Jakarta Mail nests the server's reply or the socket error. */
    private static String oneLine(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 400; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : "; ").append(m.replaceAll("\\s+", " "));
            }
        }
        return b.toString();
    }

    /** The body's lines: the summary, then the strategies, targets and reasons one per line. */
    private static List<String> textLines(AlertMessage message) {
        Alert a = message.alert();
        List<String> lines = new ArrayList<>();
        lines.add(a.summary());
        lines.add("");
        lines.add("fleet: " + message.fleet());
        lines.add("since: " + Instant.ofEpochMilli(a.sinceMillis()) + ", now: " + Instant.ofEpochMilli(a.atMillis()));
        a.strategies().forEach(s -> lines.add("strategy " + s.strategy() + ": " + s.count()
                + (s.reached() ? " (reached)" : "")));
        if (!a.targets().isEmpty()) {
            lines.add("targets: " + String.join(", ", a.targets().stream().map(t -> t.targetId() + " " + t.count())
                    .toList()) + (a.otherTargets() > 0 ? " and " + a.otherTargets() + " more" : ""));
        }
        a.reasons().forEach(r -> lines.add("reason: " + r.reason() + " x" + r.count()
                + (r.example().isEmpty() ? "" : ": " + r.example())));
        if (a.suppressed() > 0) {
            lines.add("suppressed since the last alert: " + a.suppressed());
        }
        return lines;
    }
}

package io.syncfleet.keeper.notify;

import io.syncfleet.keeper.domain.alert.Alert;
import java.util.Objects;

/**
 * One alert as every channel sends it.
 *
 * @param fleet the fleet's name ({@code kafka.topicPrefix}), so that one inbox can serve several fleets
 * @param alert what the alert says
 * @param json the alert as one JSON object ({@link AlertJson}), the body of the command's stdin and the webhook
 */
public record AlertMessage(String fleet, Alert alert, String json) {

    public AlertMessage {
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(json, "json");
    }

    public static AlertMessage of(String fleet, Alert alert) {
        return new AlertMessage(fleet, alert, AlertJson.render(fleet, alert));
    }

    /** {@code [syncfleet] alert fired: 34 sync errors within 90s ...}: an email subject, a log line. */
    public String title() {
        return "[" + fleet + "] alert " + alert.kind().word() + ": " + alert.summary();
    }
}

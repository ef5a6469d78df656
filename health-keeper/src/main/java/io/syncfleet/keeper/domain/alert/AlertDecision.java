package io.syncfleet.keeper.domain.alert;

import java.util.Objects;

/**
 * What the monitor decided about an alert: send it on every channel, or keep it from the channels (the
 * caller logs it either way).
 *
 * @param send true to send {@link #alert} on every channel
 * @param alert the alert
 * @param why the reason for the decision, for the log line
 */
public record AlertDecision(boolean send, Alert alert, String why) {

    public AlertDecision {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(why, "why");
    }
}

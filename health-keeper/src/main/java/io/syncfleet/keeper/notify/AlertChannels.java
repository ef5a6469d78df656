package io.syncfleet.keeper.notify;

import io.syncfleet.common.config.AlertsConfig;
import io.syncfleet.keeper.process.CommandRunner;
import java.util.ArrayList;
import java.util.List;

/** The channels {@code alerts.*} configures, in the order command, webhook, email. */
public final class AlertChannels {

    private AlertChannels() {
    }

    /**
     * @throws IllegalArgumentException naming the key when a channel cannot be set up (a header the HTTP client
     *     owns, an address that does not parse)
     */
    public static List<AlertChannel> of(AlertsConfig config, CommandRunner commands) {
        List<AlertChannel> channels = new ArrayList<>();
        if (!config.command().isEmpty()) {
            channels.add(new CommandChannel(config.command(), config.timeout(), commands));
        }
        if (config.webhook().enabled()) {
            channels.add(new WebhookChannel(config.webhook(), config.timeout()));
        }
        if (config.email().enabled()) {
            channels.add(new EmailChannel(config.email(), config.timeout()));
        }
        return channels;
    }
}

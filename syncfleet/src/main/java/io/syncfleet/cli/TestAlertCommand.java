package io.syncfleet.cli;

import io.syncfleet.app.UserError;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.keeper.domain.alert.Alert;
import io.syncfleet.keeper.notify.AlertChannel;
import io.syncfleet.keeper.notify.AlertChannels;
import io.syncfleet.keeper.notify.AlertMessage;
import io.syncfleet.keeper.notify.DeliveryException;
import io.syncfleet.keeper.process.LocalCommandRunner;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "test-alert", mixinStandardHelpOptions = true,
        description = {"Send a test alert (kind \"test\") on every channel of alerts.* and say, per channel, whether it"
                + " was delivered.", "Exit 0 when every channel delivered it, 1 when one failed."})
final class TestAlertCommand implements Callable<Integer> {

    private static final int MAX_OUTPUT = 64 << 10;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws InterruptedException {
        SyncfleetConfig config = client.load();
        List<AlertChannel> channels;
        try {
            channels = AlertChannels.of(config.alerts(), new LocalCommandRunner(MAX_OUTPUT, MAX_OUTPUT));
        } catch (IllegalArgumentException e) {
            throw new UserError(client.file() + ": " + e.getMessage());
        }
        if (channels.isEmpty()) {
            throw new UserError("no alert channel is configured: set alerts.command, alerts.webhook.url or"
                    + " alerts.email.host in " + client.file());
        }
        AlertMessage message = AlertMessage.of(config.kafka().topicPrefix(),
                Alert.test(config.alerts().strategies(), System.currentTimeMillis()));
        PrintWriter out = client.out();
        int failed = 0;
        for (AlertChannel c : channels) {
            try {
                out.println(c.name() + ": delivered (" + c.send(message) + ")");
            } catch (DeliveryException e) {
                failed++;
                out.println(c.name() + ": NOT delivered: " + e.getMessage());
            }
            out.flush();
        }
        return failed == 0 ? 0 : 1;
    }
}

package io.syncfleet.keeper.notify;

import io.syncfleet.common.config.Durations;
import io.syncfleet.keeper.process.CommandResult;
import io.syncfleet.keeper.process.CommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code alerts.command}: runs the command with the alert's JSON on stdin and {@code SYNCFLEET_ALERT}
 * ({@code fired}, {@code still-firing}, {@code recovered}), {@code SYNCFLEET_FLEET} and
 * {@code SYNCFLEET_SUMMARY} in its environment. Exit 0 is delivered; a non-zero exit, a kill at the timeout
 * or a command that cannot start is not.
 */
public final class CommandChannel implements AlertChannel {

    private final List<String> argv;
    private final Duration timeout;
    private final CommandRunner runner;

    public CommandChannel(List<String> argv, Duration timeout, CommandRunner runner) {
        this.argv = List.copyOf(argv);
        this.timeout = timeout;
        this.runner = runner;
    }

    @Override
    public String name() {
        return "command";
    }

    @Override
    public String send(AlertMessage message) throws DeliveryException, InterruptedException {
        Map<String, String> env = Map.of("SYNCFLEET_ALERT", message.alert().kind().word(),
                "SYNCFLEET_FLEET", message.fleet(), "SYNCFLEET_SUMMARY", message.alert().summary());
        CommandResult r;
        try {
            r = runner.run(argv, env, message.json().getBytes(StandardCharsets.UTF_8), timeout);
        } catch (IOException e) {
            throw new DeliveryException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        if (r.timedOut()) {
            throw new DeliveryException("killed: still running after alerts.timeout " + Durations.format(timeout));
        }
        if (r.exitCode() != 0) {
            String err = r.lastErrorLine();
            throw new DeliveryException("exited " + r.exitCode() + (err.isEmpty() ? "" : ": " + err));
        }
        return "exit 0";
    }
}

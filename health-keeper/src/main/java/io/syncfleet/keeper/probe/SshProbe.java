package io.syncfleet.keeper.probe;

import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.keeper.domain.ProbeResult;
import io.syncfleet.keeper.process.CommandResult;
import io.syncfleet.keeper.process.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Probes an ssh target: {@code ssh -o BatchMode=yes -o ConnectTimeout=N [-p PORT] -- [user@]host true}
 * must exit 0. N is the probe timeout in whole seconds, rounded up (ssh takes seconds); the whole command
 * gets twice the probe timeout (connect, then log in) before it is killed. BatchMode makes a missing key
 * or an unknown host key fail at once instead of waiting for a password. {@code --} keeps a destination
 * that starts with '-' from being read as an option.
 */
public final class SshProbe implements Probe {

    private final Duration timeout;
    private final CommandRunner runner;

    public SshProbe(Duration timeout, CommandRunner runner) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.runner = Objects.requireNonNull(runner, "runner");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("probe timeout must be positive, got " + timeout);
        }
    }

    /** The command line for {@code target}. */
    public List<String> command(TargetUrl target) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        List<String> argv = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=" + seconds));
        if (target.port() != 22) {
            argv.addAll(List.of("-p", String.valueOf(target.port())));
        }
        argv.add("--");
        argv.add(target.user() == null ? target.host() : target.user() + "@" + target.host());
        argv.add("true");
        return argv;
    }

    @Override
    public ProbeResult probe(TargetUrl target) {
        if (target.daemon()) {
            throw new IllegalArgumentException("not an ssh target: " + target);
        }
        Duration limit = timeout.multipliedBy(2);
        CommandResult result;
        try {
            result = runner.run(command(target), Map.of(), limit);
        } catch (IOException e) {
            return ProbeResult.failed("cannot run ssh: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("probe interrupted");
        }
        if (result.timedOut()) {
            return ProbeResult.failed("ssh did not finish within " + Durations.format(limit));
        }
        if (result.exitCode() == 0) {
            return ProbeResult.ok("ssh ok");
        }
        // ssh's own message is the last line of its stderr, e.g. ssh: connect to host h port 22: Connection refused
        String last = result.lastErrorLine();
        return ProbeResult.failed("ssh exit " + result.exitCode() + (last.isEmpty() ? "" : ": " + last));
    }
}

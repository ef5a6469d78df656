package io.syncfleet.keeper.app;

import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.TargetsConfig;
import io.syncfleet.keeper.domain.FleetCommandOutput;
import io.syncfleet.keeper.process.CommandResult;
import io.syncfleet.keeper.process.CommandRunner;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code targets.command} (on the keeper's scheduler, every {@code targets.refresh}): a
 * successful run's output goes to the keeper's thread as the desired script-managed fleet. A run that
 * exits non-zero, outlives {@code targets.refresh} or cannot start changes nothing and is logged at WARN
 * with the reason and the last line of its standard error.
 */
final class FleetCommandJob implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetCommandJob.class);

    private final TargetsConfig config;
    private final CommandRunner runner;
    private final Consumer<FleetCommandOutput> sink;

    FleetCommandJob(TargetsConfig config, CommandRunner runner, Consumer<FleetCommandOutput> sink) {
        this.config = config;
        this.runner = runner;
        this.sink = sink;
    }

    @Override
    public void run() {
        CommandResult r;
        try {
            r = runner.run(config.command(), Map.of(), config.refresh());
        } catch (IOException e) {
            LOG.warn("targets.command {} cannot run, the fleet is left as it is: {}", config.command(), e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String err = r.lastErrorLine();
        if (r.timedOut()) {
            LOG.warn("targets.command {} was killed, still running after targets.refresh {}; the fleet is left as it"
                    + " is", config.command(), Durations.format(config.refresh()));
        } else if (r.exitCode() != 0) {
            LOG.warn("targets.command {} exited {}{}; the fleet is left as it is", config.command(), r.exitCode(),
                    err.isEmpty() ? "" : ": " + err);
        } else {
            if (!err.isEmpty()) {
                LOG.debug("targets.command wrote to stderr: {}", err);
            }
            sink.accept(FleetCommandOutput.parse(r.stdout()));
        }
    }
}

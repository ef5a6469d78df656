package io.syncfleet.cli;

import io.syncfleet.app.LoggingSetup;
import io.syncfleet.common.config.ConfigPrinter;
import io.syncfleet.common.config.SyncfleetConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate the config and print the effective config (secrets masked), or every problem.")
final class CheckConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoggingSetup.quiet();
        SyncfleetConfig config = options.load();
        spec.commandLine().getOut().print(ConfigPrinter.effectiveYaml(config));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

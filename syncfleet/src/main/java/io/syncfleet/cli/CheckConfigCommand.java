package io.syncfleet.cli;

import io.syncfleet.common.config.ConfigPrinter;
import io.syncfleet.common.config.SyncfleetConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate the config and print the effective config (secrets masked), or every problem.")
final class CheckConfigCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        SyncfleetConfig config = client.load();
        client.out().print(ConfigPrinter.effectiveYaml(config));
        client.out().flush();
        return 0;
    }
}

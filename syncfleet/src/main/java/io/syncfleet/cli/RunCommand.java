package io.syncfleet.cli;

import io.syncfleet.app.ConfigReloader;
import io.syncfleet.app.LoggingSetup;
import io.syncfleet.app.Node;
import io.syncfleet.app.Roles;
import io.syncfleet.app.RunLock;
import io.syncfleet.common.config.SyncfleetConfig;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run syncfleet: the embedded broker (if kafka.bootstrap is 'embedded') and the chosen roles.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--roles", paramLabel = "ROLES", defaultValue = "watcher,worker,keeper",
            description = "Comma-separated roles to run: watcher, worker, keeper (default: all).")
    String roles;

    @Override
    public Integer call() throws Exception {
        Roles parsed = Roles.parse(roles);
        SyncfleetConfig config = options.load();
        RunLock lock = parsed.watcher() ? RunLock.acquire(config.watch().stateDir()) : null;
        LoggingSetup.toFile(config.log());
        Node node = new Node(config, parsed, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
        node.start();
        try (ConfigReloader reloads = new ConfigReloader(options.file(), options.env, System.getenv(), node)) {
            reloads.install();
            node.awaitClose();
        }
        if (lock != null) {
            lock.close();
        }
        return 0;
    }
}

package io.syncfleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.syncfleet.app.KafkaConnection;
import io.syncfleet.app.LoggingSetup;
import io.syncfleet.app.TargetView;
import io.syncfleet.app.UserError;
import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.kafka.FleetStatusReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each target's state, lag, last sync and last error, read from Kafka.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--watch", description = "Redraw the table every --interval until Ctrl-C.")
    boolean watch;

    @Option(names = "--interval", defaultValue = "2s", paramLabel = "DURATION",
            description = "Refresh interval of --watch (default: 2s).")
    String interval;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "With --watch: stop after N refreshes (default: until Ctrl-C).")
    int count;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoggingSetup.quiet();
        SyncfleetConfig config = options.load();
        if (watch) {
            return watch(config);
        }
        Topics topics = new Topics(config.kafka().topicPrefix(), config.kafka().partitions());
        List<TargetView> targets;
        String broker;
        try (KafkaConnection kafka = KafkaConnection.attach(config.kafka())) {
            targets = FleetStatusReader.readOnce(kafka.clients(), topics);
            broker = kafka.description();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("broker", broker, "targets", targets)));
        } else {
            out.println(StatusTable.render(targets, Instant.now()));
        }
        out.flush();
        return 0;
    }

    private int watch(SyncfleetConfig config) throws InterruptedException {
        if (json) {
            throw new UserError("status: --watch draws a table; use --json without --watch, e.g. in a loop");
        }
        Duration every;
        try {
            every = Durations.parse(interval);
        } catch (IllegalArgumentException e) {
            throw new UserError("status --interval '" + interval + "': " + Durations.EXPECTED);
        }
        if (every.toMillis() < 100) {
            throw new UserError("status --interval " + interval + ": at least 100ms");
        }
        Topics topics = new Topics(config.kafka().topicPrefix(), config.kafka().partitions());
        StatusWatch loop = new StatusWatch();
        Thread hook = loop.stopOnExit();
        Runtime.getRuntime().addShutdownHook(hook);
        try (KafkaConnection kafka = KafkaConnection.attach(config.kafka());
             FleetStatusReader reader = new FleetStatusReader(kafka.clients(), topics)) {
            loop.run(reader::read, spec.commandLine().getOut(), every, "syncfleet status, " + kafka.description(),
                    count);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for this loop
            }
        }
        return 0;
    }
}

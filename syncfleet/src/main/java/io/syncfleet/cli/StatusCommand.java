package io.syncfleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.syncfleet.app.TargetView;
import io.syncfleet.app.UserError;
import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.kafka.FleetStatusReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each target's state, lag, last sync and last error, read from Kafka.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

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

    @Override
    public Integer call() throws Exception {
        SyncfleetConfig config = client.load();
        if (watch) {
            return watch(config);
        }
        Fleet fleet = AttachedKafka.run(config, (kafka, topics) ->
                new Fleet(FleetStatusReader.readOnce(kafka.clients(), topics), kafka.description()));
        PrintWriter out = client.out();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("broker", fleet.broker(), "targets", fleet.targets())));
        } else {
            out.println(StatusTable.render(fleet.targets(), Instant.now()));
        }
        out.flush();
        return 0;
    }

    /** One read of the fleet, and the broker it came from. */
    private record Fleet(List<TargetView> targets, String broker) {
    }

    private int watch(SyncfleetConfig config) throws Exception {
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
        StatusWatch loop = new StatusWatch();
        Thread hook = loop.stopOnExit();
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            AttachedKafka.run(config, (kafka, topics) -> {
                try (FleetStatusReader reader = new FleetStatusReader(kafka.clients(), topics)) {
                    loop.run(reader::read, client.out(), every, "syncfleet status, " + kafka.description(), count);
                }
                return null;
            });
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

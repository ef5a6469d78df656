package io.syncfleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.syncfleet.app.KafkaConnection;
import io.syncfleet.app.LoggingSetup;
import io.syncfleet.app.TargetView;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.kafka.FleetStatusReader;
import java.io.PrintWriter;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoggingSetup.quiet();
        SyncfleetConfig config = options.load();
        Topics topics = new Topics(config.kafka().topicPrefix(), config.kafka().partitions());
        List<TargetView> targets;
        String broker;
        try (KafkaConnection kafka = KafkaConnection.attach(config.kafka())) {
            targets = new FleetStatusReader(kafka.clients(), topics).read();
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
}

package io.syncfleet.cli;

import io.syncfleet.app.KafkaConnection;
import io.syncfleet.broker.EmbeddedBroker;
import io.syncfleet.app.LoggingSetup;
import io.syncfleet.app.UserError;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.topic.Topics;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run only the embedded Kafka broker (kafka.bootstrap: embedded), until stopped with SIGTERM/Ctrl-C."
                + " Other syncfleet processes with the same config connect to it.")
final class BrokerCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SyncfleetConfig config = options.load();
        if (!config.kafka().embedded()) {
            throw new UserError("kafka.bootstrap is '" + config.kafka().bootstrap()
                    + "': the broker command runs only the embedded broker; set kafka.bootstrap: embedded");
        }
        EmbeddedBroker.lockHolderPid(config.kafka().dataDir()).ifPresent(pid -> {
            throw new UserError("an embedded broker (pid " + pid + ") already runs on " + config.kafka().dataDir()
                    + " at 127.0.0.1:" + config.kafka().embeddedPort() + "; stop it first or use it as it is");
        });
        LoggingSetup.toFile(config.log());
        CountDownLatch stop = new CountDownLatch(1);
        KafkaConnection kafka = KafkaConnection.open(config.kafka(),
                new Topics(config.kafka().topicPrefix(), config.kafka().partitions()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stop.countDown();
        }, "shutdown"));
        spec.commandLine().getOut().println("syncfleet broker ready at " + kafka.clients().bootstrapServers()
                + " (data in " + config.kafka().dataDir() + "); Ctrl-C to stop");
        spec.commandLine().getOut().flush();
        stop.await();
        return 0;
    }
}

package io.syncfleet.app;

import io.syncfleet.broker.BrokerException;
import io.syncfleet.broker.EmbeddedBroker;
import io.syncfleet.broker.EmbeddedBrokerSettings;
import io.syncfleet.common.config.KafkaConfig;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.kafka.TopicInstaller;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code kafka.bootstrap} to a reachable cluster. With {@code embedded} it starts the
 * in-process broker, or, when a {@code syncfleet broker} process already holds the data dir, connects
 * to that broker. Then it creates the catalog's topics.
 */
public final class KafkaConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);
    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients clients;
    private final EmbeddedBroker broker;
    private final String description;

    private KafkaConnection(KafkaClients clients, EmbeddedBroker broker, String description) {
        this.clients = clients;
        this.broker = broker;
        this.description = description;
    }

    /** Connects (starting the embedded broker if needed) and installs the topics. */
    public static KafkaConnection open(KafkaConfig kafka, Topics topics) {
        KafkaConnection c = connect(kafka, true);
        try {
            c.installTopics(topics);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Connects without starting anything: for CLI commands that talk to a running syncfleet. With
     * {@code embedded}, the broker must be running in another process on {@code kafka.embeddedPort}.
     */
    public static KafkaConnection attach(KafkaConfig kafka) {
        return connect(kafka, false);
    }

    private static KafkaConnection connect(KafkaConfig kafka, boolean mayStartBroker) {
        if (!kafka.embedded()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrap(), kafka);
            awaitReachable(clients, "kafka.bootstrap " + kafka.bootstrap(),
                    "check kafka.bootstrap and kafka.properties (security.protocol, sasl.*)");
            return new KafkaConnection(clients, null, "external " + kafka.bootstrap());
        }
        String local = "127.0.0.1:" + kafka.embeddedPort();
        Optional<Long> holder = EmbeddedBroker.lockHolderPid(kafka.dataDir());
        if (holder.isPresent() || !mayStartBroker) {
            KafkaClients clients = new KafkaClients(local, kafka);
            String who = holder.map(pid -> "the embedded broker of pid " + pid).orElse("an embedded broker");
            awaitReachable(clients, who + " at " + local,
                    holder.isPresent() ? "it holds " + kafka.dataDir() + " but does not answer; stop it"
                            : "start one with 'bin/syncfleet broker --config F' or 'bin/syncfleet run'");
            LOG.info("using {} at [{}]", who, local);
            return new KafkaConnection(clients, null, "embedded (pid " + holder.map(String::valueOf).orElse("?")
                    + ") " + local);
        }
        try {
            EmbeddedBroker broker = EmbeddedBroker.start(new EmbeddedBrokerSettings(kafka.dataDir(),
                    kafka.embeddedPort(), kafka.embeddedPort() + 1, false));
            LOG.info("embedded Kafka broker ready at [{}], data in [{}]", broker.bootstrapServers(), kafka.dataDir());
            return new KafkaConnection(new KafkaClients(broker.bootstrapServers(), kafka), broker,
                    "embedded " + broker.bootstrapServers());
        } catch (BrokerException e) {
            throw new UserError("embedded Kafka broker: " + e.getMessage());
        }
    }

    private static void awaitReachable(KafkaClients clients, String what, String fix) {
        try (Admin admin = clients.createAdmin("syncfleet-probe")) {
            admin.describeCluster().nodes().get(REACH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new UserError("cannot reach Kafka: " + what + " did not answer within " + REACH_TIMEOUT.toSeconds()
                    + " s; " + fix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while connecting to Kafka");
        }
    }

    private void installTopics(Topics topics) {
        try (Admin admin = clients.createAdmin("syncfleet-topics")) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            new TopicInstaller(admin, topics, (short) Math.min(3, brokers)).install();
        } catch (ExecutionException | TimeoutException e) {
            throw new UserError("cannot create topics with prefix '" + topics.prefix() + "' on " + description + ": "
                    + rootMessage(e) + "; check that this client may create topics, or create them by hand");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while creating topics");
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    public KafkaClients clients() {
        return clients;
    }

    /** For status output: "embedded 127.0.0.1:9192" or "external host:9092". */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}

package io.syncfleet.testkit;

import io.syncfleet.broker.BrokerException;
import io.syncfleet.broker.EmbeddedBroker;
import io.syncfleet.broker.EmbeddedBrokerSettings;
import io.syncfleet.common.config.KafkaConfig;
import io.syncfleet.common.config.LogConfig;
import io.syncfleet.common.config.RsyncConfig;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.StatusConfig;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.TargetsConfig;
import io.syncfleet.common.config.WatchConfig;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.kafka.TopicInstaller;
import io.syncfleet.common.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;

/**
 * One embedded broker per test JVM, started on first use on a temp data dir and free loopback ports,
 * with Kafka's exit procedures made to throw; a shutdown hook stops it and deletes the dir.
 *
 * <p>Tests share the broker and isolate themselves by topic prefix:
 * <pre>{@code
 * String prefix = TestBroker.uniquePrefix();
 * Topics topics = TestBroker.installTopics(prefix, 3);
 * KafkaClients clients = TestBroker.shared().clients();
 * }</pre>
 */
public final class TestBroker {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final int START_ATTEMPTS = 3;
    private static TestBroker shared;

    private final EmbeddedBroker broker;
    private final Path dataDir;

    private TestBroker(EmbeddedBroker broker, Path dataDir) {
        this.broker = broker;
        this.dataDir = dataDir;
    }

    /** The broker of this JVM, started on first call. */
    public static synchronized TestBroker shared() {
        if (shared == null) {
            shared = startShared();
        }
        return shared;
    }

    /** {@code 127.0.0.1:port} of the shared broker. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The shared broker's data dir (deleted at JVM exit). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * A topic prefix no other test in this JVM uses, of legal topic characters, e.g. {@code t7-k2x9q};
     * consumer groups derived from it ({@link Topics#targetGroup}) are unique too.
     */
    public static String uniquePrefix() {
        return "t" + PREFIXES.incrementAndGet() + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    }

    /** Creates the catalog's topics with {@code prefix} on the shared broker and returns the catalog. */
    public static Topics installTopics(String prefix, int partitions) {
        Topics topics = new Topics(prefix, partitions);
        TestBroker b = shared();
        try (Admin admin = b.clients().createAdmin("testkit-installer-" + prefix)) {
            new TopicInstaller(admin, topics, (short) 1).install();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted installing topics with prefix " + prefix, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot install topics with prefix " + prefix + ": " + e, e);
        }
        return topics;
    }

    /** A {@code kafka.*} config that points at the shared broker (not {@code embedded}). */
    public KafkaConfig kafkaConfig(String topicPrefix, int partitions) {
        return new KafkaConfig(bootstrapServers(), dataDir, broker.settings().port(), topicPrefix, partitions, Map.of());
    }

    /**
     * A whole config tree for a service under test on the shared broker ({@link #kafkaConfig}), with small
     * values: {@code watch.delay} 20ms, rsync from PATH with a 5s timeout and 16/2/2 processes, no static
     * targets, the status port on 127.0.0.1 port 0, logs at info in {@code logDir}, and the defaults of
     * {@code health}, {@code recovery} and {@code hooks}.
     */
    public SyncfleetConfig serviceConfig(String topicPrefix, int partitions, SourceConfig source, Path logDir) {
        return new SyncfleetConfig(kafkaConfig(topicPrefix, partitions), source, new WatchConfig(Duration.ofMillis(20)),
                new RsyncConfig("rsync", List.of(), Duration.ofSeconds(5), 16, 2, 2, true), new TargetsConfig(List.of()),
                new StatusConfig("127.0.0.1", 0), new LogConfig(logDir, "info"));
    }

    /** Client properties for the shared broker with no extra user properties. */
    public KafkaClients clients() {
        return new KafkaClients(bootstrapServers(), kafkaConfig("syncfleet", 1));
    }

    /** Client properties for the shared broker with {@code config.properties()}; its bootstrap is ignored. */
    public KafkaClients clients(KafkaConfig config) {
        return new KafkaClients(bootstrapServers(), config);
    }

    private static TestBroker startShared() {
        Path dir;
        try {
            dir = Files.createTempDirectory("syncfleet-test-broker-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a data dir for the test broker", e);
        }
        BrokerException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int[] ports = FreePorts.two();
            try {
                EmbeddedBroker broker = EmbeddedBroker.start(new EmbeddedBrokerSettings(dir, ports[0], ports[1], true));
                TestBroker b = new TestBroker(broker, dir);
                Runtime.getRuntime().addShutdownHook(new Thread(b::shutdown, "testkit-broker-shutdown"));
                return b;
            } catch (BrokerException e) {
                // another process may have taken a port between probing and binding: try new ports
                last = e;
            }
        }
        throw last;
    }

    private void shutdown() {
        try {
            broker.close();
        } finally {
            TestTrees.deleteTree(dataDir);
        }
    }
}

package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.topic.TopicSpec;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.kafka.FleetStatusReader;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TestBroker;
import io.syncfleet.testkit.TreeAssert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A running fleet for integration tests: a source tree with one root, N real rsync daemons, the
 * shared embedded broker (own topic prefix) and a {@link Node} with all roles. The status server is off
 * unless {@code extraYaml} has a {@code status:} line.
 */
final class FleetFixture implements AutoCloseable {

    static final List<String> EXCLUDES = List.of("*.git", "*.svn", "*.tmp", ".~tmp~/");
    static final String ROOT = "site";

    final Path dir;
    final Path base;
    final Path configFile;
    final List<RsyncDaemon> targets = new ArrayList<>();
    final SyncfleetConfig config;
    final Topics topics;
    Node node;

    /** What a test writes in the source before the node starts (the source dir is its argument). */
    @FunctionalInterface
    interface Seed {
        void write(Path base) throws Exception;
    }

    FleetFixture(Path dir, int targetCount, String extraYaml) throws Exception {
        this(dir, targetCount, extraYaml, b -> { });
    }

    FleetFixture(Path dir, int targetCount, String extraYaml, Seed seed) throws Exception {
        this.dir = dir;
        this.base = Files.createDirectories(dir.resolve("source"));
        Files.createDirectories(base.resolve(ROOT));
        seed.write(base);
        for (int i = 0; i < targetCount; i++) {
            targets.add(RsyncDaemon.start(Files.createDirectories(dir.resolve("t" + (i + 1)))));
        }
        String prefix = TestBroker.uniquePrefix();
        StringBuilder yaml = new StringBuilder()
                .append("kafka: {bootstrap: \"").append(TestBroker.shared().bootstrapServers())
                .append("\", topicPrefix: ").append(prefix).append(", partitions: 4}\n")
                .append("source: {baseDir: ./source, paths: [").append(ROOT).append("]}\n")
                .append(extraYaml.contains("status:") ? "" : "status: {listen: \"127.0.0.1:0\"}\n")
                .append("log: {dir: ./logs}\n")
                .append("health:\n  interval: {ready: 300ms, unhealthy: 200ms, dead: 300ms, recovery: 300ms}\n")
                .append("  unhealthyProbes: 3\n  unhealthyFatal: 2\n  probeTimeout: 500ms\n")
                .append(extraYaml)
                .append("targets:\n  static:\n");
        for (int i = 0; i < targets.size(); i++) {
            yaml.append("    - {id: web").append(i + 1).append(", url: \"").append(targets.get(i).url()).append("\"}\n");
        }
        configFile = dir.resolve("syncfleet.yml");
        Files.writeString(configFile, yaml);
        config = ConfigLoader.load(configFile, null, Map.of());
        topics = new Topics(config.kafka().topicPrefix(), config.kafka().partitions());
        node = new Node(config, Roles.ALL, Clock.systemUTC()).start();
    }

    Path root(int target) {
        return targets.get(target - 1).root().resolve(ROOT);
    }

    List<String> differences(int target) {
        Path t = root(target);
        if (!Files.isDirectory(t)) {
            return List.of("web" + target + ": root missing");
        }
        return TreeAssert.differences(base.resolve(ROOT), t, EXCLUDES);
    }

    void awaitConverged(int... which) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<String> diffs = new ArrayList<>();
            for (int t : which) {
                differences(t).forEach(d -> diffs.add("web" + t + " " + d));
            }
            assertTrue(diffs.isEmpty(), () -> String.join("\n", diffs));
        });
    }

    /**
     * Waits until each target is ready and its consumer group has committed every change record: no sync
     * is left that could still write to the target. Call it before a test changes a target behind
     * syncfleet's back; converged trees alone do not say that (a replayed RESCAN, or a push's rsync, may
     * still run after its files are in place).
     */
    void awaitIdle(int... which) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (int t : which) {
                TargetView v = view("web" + t);
                assertTrue(v != null && v.state().equals("ready") && v.lag() == 0, () -> "web" + t + ": " + v);
            }
        });
    }

    String state(String id) throws Exception {
        TargetView v = view(id);
        return v == null ? "absent" : v.state();
    }

    /** The target's row of the fleet status, or null when the fleet does not know it. */
    TargetView view(String id) throws Exception {
        return FleetStatusReader.readOnce(node.kafka().clients(), topics).stream()
                .filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    void awaitState(String id, String state) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> state(id).equals(state));
    }

    /** Every status the keeper published for a target, oldest first. */
    List<TargetStatus> history(String id) {
        return records(Topics.TARGETS).stream().filter(r -> id.equals(r.key()) && r.value() != null)
                .map(ConsumerRecord::value).collect(Collectors.toList());
    }

    /** Every record of a topic, in order within each partition. */
    <K, V> List<ConsumerRecord<K, V>> records(TopicSpec<K, V> spec) {
        String topic = topics.name(spec);
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (var c = new KafkaConsumer<>(node.kafka().clients().consumer("test-history", null),
                spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        targets.forEach(RsyncDaemon::close);
    }
}

package io.syncfleet.worker.app;

import static org.awaitility.Awaitility.await;

import io.syncfleet.common.config.DustbinConfig;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.ChangePartitioner;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TestBroker;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.testkit.TreeAssert;
import io.syncfleet.worker.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the worker ITs share: a source tree, topics of their own on the shared broker, producers for
 * {@code changes} and {@code targets} that stand in for the watcher and the health keeper, a reader of
 * {@code reports}, and the workers and rsync daemons under test (closed at the end).
 */
final class WorkerFixture implements AutoCloseable {

    static final List<String> EXCLUDES = List.of("*.tmp");
    static final Duration CONVERGE = Duration.ofSeconds(90);

    final Path src;
    final Topics topics;
    final KafkaClients clients;
    final SyncfleetConfig config;
    private final Path dir;
    private final int partitions;
    private final KafkaProducer<String, ChangeBatch> changes;
    private final KafkaProducer<String, TargetStatus> targets;
    private final KafkaConsumer<String, SyncReport> reportReader;
    private final List<SyncReport> reports = new CopyOnWriteArrayList<>();
    private final List<SyncWorker> workers = new ArrayList<>();
    private final List<RsyncDaemon> daemons = new ArrayList<>();

    WorkerFixture(Path dir, int partitions) {
        this(dir, partitions, DustbinConfig.defaults());
    }

    WorkerFixture(Path dir, int partitions, DustbinConfig dustbin) {
        this.partitions = partitions;
        this.dir = dir;
        src = TestTrees.mkdirs(dir.resolve("src"));
        String prefix = TestBroker.uniquePrefix();
        topics = TestBroker.installTopics(prefix, partitions);
        TestBroker broker = TestBroker.shared();
        SyncfleetConfig base = broker.serviceConfig(prefix, partitions, new SourceConfig(src, List.of(RelPath.BASE),
                EXCLUDES), dir.resolve("logs"));
        config = new SyncfleetConfig(base.kafka(), base.source(), base.watch(), base.rsync(), base.targets(),
                base.status(), base.log(), base.health(), base.recovery(), base.hooks(), dustbin, base.alerts());
        clients = broker.clients(config.kafka());
        changes = new KafkaProducer<>(clients.producer("it-changes"), Topics.CHANGES.keySerde().serializer(),
                Topics.CHANGES.valueSerde().serializer());
        targets = new KafkaProducer<>(clients.producer("it-targets"), Topics.TARGETS.keySerde().serializer(),
                Topics.TARGETS.valueSerde().serializer());
        reportReader = new KafkaConsumer<>(clients.consumer("it-reports", null), Topics.REPORTS.keySerde()
                .deserializer(), Topics.REPORTS.valueSerde().deserializer());
        String reportsTopic = topics.name(Topics.REPORTS);
        List<TopicPartition> parts = new ArrayList<>();
        for (int p = 0; p < topics.partitions(Topics.REPORTS); p++) {
            parts.add(new TopicPartition(reportsTopic, p));
        }
        reportReader.assign(parts);
        reportReader.seekToBeginning(parts);
    }

    SyncWorker startWorker(String id, ProcessRunner runner) {
        SyncWorker w = new SyncWorker(config, topics, clients, Clock.systemUTC(), runner, id);
        workers.add(w);
        w.start();
        return w;
    }

    /** Starts {@code n} rsync daemons, the targets of a test; they are closed with the fixture. */
    RsyncDaemon[] startDaemons(int n) {
        RsyncDaemon[] started = RsyncDaemon.startMany(n, dir.resolve("daemons"));
        daemons.addAll(List.of(started));
        return started;
    }

    void setStatus(String id, String url, TargetState state, CatchUpCommand command) {
        send(targets, new ProducerRecord<>(topics.name(Topics.TARGETS), id, new TargetStatus(
                TargetStatus.SCHEMA_VERSION, id, url, state, System.currentTimeMillis(), "set by test", command)));
    }

    void remove(String id) {
        send(targets, new ProducerRecord<>(topics.name(Topics.TARGETS), id, null));
    }

    /**
     * Publishes like the watcher (one batch per partition of the paths, same batch id), with the given record
     * timestamp (null: now); returns the number of records.
     */
    int publish(Long timestamp, ChangeKind kind, List<RelPath> paths) {
        Map<Integer, List<RelPath>> byPartition = new TreeMap<>();
        for (RelPath p : paths) {
            byPartition.computeIfAbsent(ChangePartitioner.partitionOf(p, partitions), k -> new ArrayList<>()).add(p);
        }
        String batchId = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        byPartition.forEach((partition, part) -> send(changes, new ProducerRecord<>(topics.name(Topics.CHANGES),
                partition, timestamp, part.get(0).encoded(), ChangeBatch.of(batchId, kind, part, now, now, "it"))));
        return byPartition.size();
    }

    int publish(ChangeKind kind, String... paths) {
        return publish(null, kind, Stream.of(paths).map(RelPath::of).toList());
    }

    Path write(String rel, String text) {
        return TestTrees.write(src, rel, text);
    }

    /** Waits for the report of catch-up command {@code commandId} and returns it. */
    SyncReport awaitReport(String commandId) {
        return await("report of " + commandId).atMost(CONVERGE).pollInterval(Duration.ofMillis(50))
                .until(() -> readReport(commandId), Optional::isPresent).orElseThrow();
    }

    private Optional<SyncReport> readReport(String commandId) {
        return reports().stream().filter(r -> commandId.equals(r.commandId())).findFirst();
    }

    /** Every report published so far (reads what arrived within 100 ms). */
    List<SyncReport> reports() {
        for (ConsumerRecord<String, SyncReport> r : reportReader.poll(Duration.ofMillis(100))) {
            reports.add(r.value());
        }
        return List.copyOf(reports);
    }

    void awaitSame(Path target) {
        awaitSame(target, CONVERGE);
    }

    void awaitSame(Path target, Duration atMost) {
        await("target " + target + " equals the source").atMost(atMost).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> TreeAssert.assertSameTree(src, target, EXCLUDES));
    }

    static Optional<TargetSyncStatus> statusOf(SyncWorker w, String id) {
        return w.status().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    static <K, V> void send(KafkaProducer<K, V> producer, ProducerRecord<K, V> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("publishing to " + record.topic() + " failed", e.getCause());
        }
    }

    @Override
    public void close() {
        workers.forEach(SyncWorker::close);
        changes.close();
        targets.close();
        reportReader.close();
        daemons.forEach(RsyncDaemon::close);
    }
}

package io.syncfleet.keeper.app;

import io.syncfleet.common.config.AlertsConfig;
import io.syncfleet.common.config.HealthConfig;
import io.syncfleet.common.config.HooksConfig;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.TargetsConfig;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TestBroker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the keeper's integration tests share: topics with a unique prefix on the shared broker, real rsync
 * daemons, keepers with short intervals, a view of the {@code targets} topic, and producers to play the
 * workers (reports) and the operators (requests).
 */
final class KeeperFixture implements AutoCloseable {

    static final int PARTITIONS = 3;
    static final Duration WAIT = Duration.ofSeconds(30);

    /** Probes every 100-200ms, a 300ms probe timeout; rounds of 5 probes, 3 failures mean dead. */
    static final HealthConfig FAST = new HealthConfig(new HealthConfig.Intervals(Duration.ofMillis(200),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200)), 5, 3, Duration.ofMillis(300));

    final Path dir;
    final Topics topics;
    final KafkaClients clients;
    final Admin admin;
    final TargetsTopic targets;
    private final SyncfleetConfig base;
    private final KafkaProducer<String, SyncReport> reports;
    private final KafkaProducer<String, TargetRequest> requests;
    private final KafkaProducer<String, TargetStatus> statuses;
    private final List<HealthKeeper> keepers = new ArrayList<>();
    private final List<RsyncDaemon> daemons = new ArrayList<>();

    KeeperFixture(Path dir) {
        this.dir = dir;
        String prefix = TestBroker.uniquePrefix();
        topics = TestBroker.installTopics(prefix, PARTITIONS);
        TestBroker broker = TestBroker.shared();
        base = broker.serviceConfig(prefix, PARTITIONS, new SourceConfig(dir.resolve("src"), List.of(RelPath.BASE),
                List.of()), dir.resolve("logs"));
        clients = broker.clients(base.kafka());
        admin = clients.createAdmin(prefix + "-it-admin");
        targets = new TargetsTopic(clients, topics);
        reports = new KafkaProducer<>(clients.producer(prefix + "-it-reports"), Topics.REPORTS.keySerde().serializer(),
                Topics.REPORTS.valueSerde().serializer());
        requests = new KafkaProducer<>(clients.producer(prefix + "-it-requests"),
                Topics.REQUESTS.keySerde().serializer(), Topics.REQUESTS.valueSerde().serializer());
        statuses = new KafkaProducer<>(clients.producer(prefix + "-it-statuses"),
                Topics.TARGETS.keySerde().serializer(), Topics.TARGETS.valueSerde().serializer());
    }

    SyncfleetConfig config(TargetsConfig targetsConfig, HooksConfig hooks) {
        return new SyncfleetConfig(base.kafka(), base.source(), base.watch(), base.rsync(), targetsConfig, base.status(),
                base.log(), FAST, base.recovery(), hooks);
    }

    SyncfleetConfig config(TargetsConfig targetsConfig, AlertsConfig alerts) {
        return new SyncfleetConfig(base.kafka(), base.source(), base.watch(), base.rsync(), targetsConfig, base.status(),
                base.log(), FAST, base.recovery(), HooksConfig.defaults(), base.dustbin(), alerts);
    }

    SyncfleetConfig config(TargetsConfig targetsConfig) {
        return config(targetsConfig, HooksConfig.defaults());
    }

    HealthKeeper start(SyncfleetConfig config) throws Exception {
        HealthKeeper keeper = new HealthKeeper(config, topics, clients, Clock.systemUTC());
        keepers.add(keeper);
        keeper.start();
        return keeper;
    }

    RsyncDaemon daemon(String name) {
        RsyncDaemon d = RsyncDaemon.start(dir.resolve("daemons").resolve(name));
        daemons.add(d);
        return d;
    }

    /** Writes a status to the {@code targets} topic as an earlier keeper would have. */
    void seed(TargetStatus status) throws Exception {
        statuses.send(new ProducerRecord<>(topics.name(Topics.TARGETS), status.targetId(), status))
                .get(30, TimeUnit.SECONDS);
    }

    /** A worker's report: for a catch-up when {@code commandId} is set, else of a live sync. */
    void report(String targetId, SyncOutcome outcome, int exitCode, String message, String commandId) throws Exception {
        long now = System.currentTimeMillis();
        SyncReport r = new SyncReport(SyncReport.SCHEMA_VERSION, targetId, List.of(), commandId == null
                ? ChangeKind.CHANGE : ChangeKind.RESCAN, 0, outcome, exitCode, message, now, now, now, commandId);
        reports.send(new ProducerRecord<>(topics.name(Topics.REPORTS), targetId, r)).get(30, TimeUnit.SECONDS);
    }

    /** A worker's report of a dustbin retry that failed for the last time and parked the entry. */
    void parkedReport(String targetId, int fileCount, String message) throws Exception {
        long now = System.currentTimeMillis();
        SyncReport r = new SyncReport(SyncReport.SCHEMA_VERSION, targetId, List.of(), ChangeKind.CHANGE, fileCount,
                SyncOutcome.PARTIAL, 23, message, now, now, now, null, DustbinState.PARKED);
        reports.send(new ProducerRecord<>(topics.name(Topics.REPORTS), targetId, r)).get(30, TimeUnit.SECONDS);
    }

    /** An operator's request, as {@code syncfleet targets|replay} would publish it. */
    void request(TargetRequest.Action action, String targetId, String url, long sinceMillis) throws Exception {
        TargetRequest q = new TargetRequest(TargetRequest.SCHEMA_VERSION, UUID.randomUUID().toString(), action, targetId,
                url, sinceMillis, "alice@ops1", System.currentTimeMillis());
        requests.send(new ProducerRecord<>(topics.name(Topics.REQUESTS), targetId, q)).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        keepers.forEach(HealthKeeper::close);
        reports.close();
        requests.close();
        statuses.close();
        targets.close();
        admin.close();
        daemons.forEach(RsyncDaemon::close);
    }
}

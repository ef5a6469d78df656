package io.syncfleet.worker.app;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.worker.domain.RsyncOutcomeClassifier;
import io.syncfleet.worker.domain.RsyncPlanner;
import io.syncfleet.worker.fs.SourceTree;
import io.syncfleet.worker.kafka.ReportPublisher;
import io.syncfleet.worker.kafka.TargetFollower;
import io.syncfleet.worker.kafka.TargetSyncLoop;
import io.syncfleet.worker.process.ProcessRunner;
import io.syncfleet.worker.process.SyncRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync-worker role: follows the {@code targets} topic and runs one {@link TargetSyncLoop} for every
 * READY target, all sharing one {@link SyncRunner} (so {@code rsync.maxProcesses} bounds the whole worker).
 *
 * <p>A target that leaves READY, or is removed, has its loop stopped: its consumer is closed and its
 * committed offsets stay, so when it is READY again it resumes exactly where it left off. A worker started
 * twice for the same target shares the target's consumer group, and the {@code changes} partitions are
 * spread over both.
 */
public final class SyncWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    private final SyncfleetConfig config;
    private final Topics topics;
    private final KafkaClients clients;
    private final Clock clock;
    private final ProcessRunner runner;
    private final String workerId;

    private final Object lock = new Object();
    private final Map<String, TargetStatus> known = new HashMap<>();
    private final Map<String, TargetSyncLoop> loops = new HashMap<>();
    private final Map<String, String> urlErrors = new HashMap<>();
    private SyncRunner syncs;
    private ReportPublisher reports;
    private TargetFollower follower;
    private boolean started;
    private boolean closed;

    public SyncWorker(SyncfleetConfig config, Topics topics, KafkaClients clients, Clock clock, ProcessRunner runner,
                      String workerId) {
        this.config = Objects.requireNonNull(config, "config");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
    }

    /** Starts following the targets topic; loops start as READY targets appear. */
    public void start() {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("sync worker [" + workerId + "] already started");
            }
            started = true;
            RsyncPlanner planner = new RsyncPlanner(config.rsync(), config.source());
            RsyncOutcomeClassifier classifier = new RsyncOutcomeClassifier(config.rsync().binary(),
                    config.source().baseDir());
            syncs = new SyncRunner(planner, new SourceTree(config.source().baseDir()), runner, classifier,
                    config.rsync(), clock);
            reports = new ReportPublisher(new KafkaProducer<>(clients.producer(workerId + ".reports"),
                    Topics.REPORTS.keySerde().serializer(), Topics.valueSerde(Topics.REPORTS).serializer()),
                    topics.name(Topics.REPORTS));
            Consumer<String, TargetStatus> targetsConsumer = new KafkaConsumer<>(
                    clients.consumer(workerId + ".targets", null), Topics.TARGETS.keySerde().deserializer(),
                    Topics.valueSerde(Topics.TARGETS).deserializer());
            follower = new TargetFollower(targetsConsumer, topics.name(Topics.TARGETS), this::onTarget);
            follower.start();
        }
        LOG.info("sync worker [{}] started: source [{}], up to {} rsync processes, following [{}]", workerId,
                config.source().baseDir(), config.rsync().maxProcesses(), topics.name(Topics.TARGETS));
    }

    private void onTarget(String id, TargetStatus status) {
        TargetSyncLoop toStop = null;
        synchronized (lock) {
            if (closed) {
                return;
            }
            TargetStatus before = status == null ? known.remove(id) : known.put(id, status);
            TargetSyncLoop loop = loops.get(id);
            if (loop != null && !loop.status().running()) {
                loops.remove(id); // stopped by a fatal Kafka error: a new status record starts a fresh loop
                loop = null;
            }
            boolean wanted = status != null && status.state().getsLiveSync();
            boolean urlChanged = loop != null && status != null && !status.url().equals(loop.url().original());
            if (loop != null && (!wanted || urlChanged)) {
                loops.remove(id);
                toStop = loop;
                LOG.info("target [{}] {}: stopping its sync loop, committed offsets kept", id,
                        status == null ? "removed" : urlChanged ? "url changed to [" + status.url() + "]"
                                : "is " + status.state() + " (" + status.reason() + ")");
            }
            if (wanted && (loop == null || urlChanged)) {
                startLoop(id, status);
            } else if (before == null && status != null && !wanted) {
                LOG.info("target [{}] is {} ({}): not synced until READY", id, status.state(), status.reason());
            }
        }
        if (toStop != null) {
            toStop.close();
        }
    }

    private void startLoop(String id, TargetStatus status) {
        TargetUrl url;
        try {
            url = TargetUrl.parse(status.url());
        } catch (IllegalArgumentException e) {
            urlErrors.put(id, "bad url: " + e.getMessage());
            LOG.error("target [{}] not synced: url [{}] on the targets topic is invalid: {}", id, status.url(),
                    e.getMessage());
            return;
        }
        urlErrors.remove(id);
        Consumer<String, ChangeBatch> consumer = new KafkaConsumer<>(
                clients.consumer(workerId + ".target." + id, topics.targetGroup(id)),
                Topics.CHANGES.keySerde().deserializer(), Topics.valueSerde(Topics.CHANGES).deserializer());
        TargetSyncLoop loop = new TargetSyncLoop(id, url, consumer, topics.name(Topics.CHANGES), syncs, reports, clock,
                config.rsync().timeout());
        loops.put(id, loop);
        loop.start();
        LOG.info("target [{}] is READY: syncing to [{}] as group [{}]", id, url, topics.targetGroup(id));
    }

    /** Every target seen on the targets topic, sorted by id. */
    public List<TargetSyncStatus> status() {
        synchronized (lock) {
            List<TargetSyncStatus> out = new ArrayList<>();
            for (TargetStatus t : known.values()) {
                TargetSyncLoop loop = loops.get(t.targetId());
                String urlError = urlErrors.getOrDefault(t.targetId(), "");
                if (loop == null) {
                    out.add(new TargetSyncStatus(t.targetId(), t.url(), t.state().name(), 0, 0, urlError, false, 0));
                } else {
                    TargetSyncLoop.Status s = loop.status();
                    out.add(new TargetSyncStatus(t.targetId(), t.url(), t.state().name(), s.lag(), s.lastSyncMillis(),
                            s.lastError(), s.inFlight(), s.syncs()));
                }
            }
            out.sort(Comparator.comparing(TargetSyncStatus::id));
            return out;
        }
    }

    public String workerId() {
        return workerId;
    }

    /**
     * Stops gracefully: no new syncs start, in-flight rsyncs get {@code rsync.timeout} to finish and commit,
     * then every consumer and the report producer are closed.
     */
    @Override
    public void close() {
        List<TargetSyncLoop> stopping;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = new ArrayList<>(loops.values());
            loops.clear();
        }
        if (follower != null) {
            follower.close();
        }
        stopping.forEach(TargetSyncLoop::stop);
        Duration wait = config.rsync().timeout().plusSeconds(15);
        for (TargetSyncLoop loop : stopping) {
            if (!loop.awaitStopped(wait)) {
                LOG.warn("target [{}] loop still running {}s after close", loop.targetId(), wait.toSeconds());
            }
        }
        if (syncs != null) {
            syncs.close();
        }
        if (reports != null) {
            reports.close();
        }
        LOG.info("sync worker [{}] stopped ({} target loops closed)", workerId, stopping.size());
    }
}


package io.syncfleet.worker.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.SharedDeserializer;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.worker.domain.FullSyncProgress;
import io.syncfleet.worker.domain.RsyncOutcomeClassifier;
import io.syncfleet.worker.domain.RsyncPlanner;
import io.syncfleet.worker.fs.RsyncErrorLog;
import io.syncfleet.worker.fs.SourceTree;
import io.syncfleet.worker.domain.DustbinPolicy;
import io.syncfleet.worker.kafka.ChangeOffsets;
import io.syncfleet.worker.kafka.DustbinPublisher;
import io.syncfleet.worker.kafka.DustbinRetrier;
import io.syncfleet.worker.kafka.ReportPublisher;
import io.syncfleet.worker.kafka.TargetOwnership;
import io.syncfleet.worker.kafka.TargetRoster;
import io.syncfleet.worker.kafka.TargetSyncLoop;
import io.syncfleet.worker.metrics.WorkerMetrics;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync-worker role. Workers share the targets: each one is a member of the consumer group
 * {@code <prefix>.workers} on the {@code targets} topic (cooperative-sticky assignor) and owns exactly the
 * targets on its assigned partitions ({@link TargetOwnership}). For each owned target an {@link OwnedTarget}
 * runs its live {@link TargetSyncLoop} while it is READY and carries out its catch-up commands while it is in
 * RECOVERY. All share one {@link SyncRunner}, so {@code rsync.maxProcesses}, {@code maxInit} and
 * {@code maxRecovery} bound the whole worker.
 *
 * <p>A target's progress is the committed offsets of its group {@code <prefix>.target.<id>} on
 * {@code changes}. Its loop commits there but does not join it: ownership already comes from the workers'
 * group, so the loop assigns itself every partition (see {@link TargetSyncLoop}) and starts without a
 * rebalance. The target's group is a simple consumer group, always {@code Empty};
 * {@code kafka-consumer-groups --describe --group <prefix>.target.<id>} shows its offsets and lag. A target
 * that leaves READY has its loop stopped with its offsets kept; READY again, it resumes from them.
 *
 * <p><b>Failover.</b> A worker that stops ({@link #close()}) releases its targets (loops stopped, offsets
 * committed) and leaves the group: another worker owns them at once. A worker that dies (SIGKILL) is
 * dropped from the workers' group after {@link #SESSION_TIMEOUT}; its targets go to another worker, whose
 * loops start at once from the committed offsets (there is no target-group membership to expire). The dead
 * worker's uncommitted work is synced again, so nothing is lost. A worker that finds its targets' partitions
 * lost (it was dropped from the group while alive) halts their loops without a final commit, since another
 * worker may own them already; a commit it made before noticing is harmless (see {@link TargetSyncLoop}).
 * A {@code session.timeout.ms} in {@code kafka.properties} overrides the default.
 *
 * <p>Metrics ({@link WorkerMetrics}) record into the registries given to {@link #bindTo}.
 */
public final class SyncWorker implements AutoCloseable, MeterBinder {

    /**
     * {@code session.timeout.ms} of the workers' group: how long a dead worker holds its targets. Heartbeats
     * come from the client's own thread (every 3 s by default), so a long rsync does not count against it.
     * The broker's {@code group.min.session.timeout.ms} (6 s by default) bounds it from below. The targets'
     * loops are in no group, so it does not apply to them.
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Payload bytes of {@code changes} records kept decoded for the other targets' consumers: a few hundred
     * large batches, enough for live targets that read the log a few seconds apart. A target further behind
     * (a replay) decodes for itself.
     */
    static final long CHANGES_DECODER_BYTES = 16L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    private final SyncfleetConfig config;
    private final Topics topics;
    private final KafkaClients clients;
    private final Clock clock;
    private final ProcessRunner runner;
    private final String workerId;
    private final WorkerMetrics metrics = new WorkerMetrics();
    /** One decoder for all target consumers: they read the same records of {@code changes}. */
    private final SharedDeserializer<ChangeBatch> changesDecoder =
            new SharedDeserializer<>(Topics.valueSerde(Topics.CHANGES).deserializer(), CHANGES_DECODER_BYTES);

    private final Object lock = new Object();
    private final Map<String, OwnedTarget> owned = new HashMap<>();
    private volatile SyncRunner syncs;
    private ReportPublisher reports;
    private DustbinPublisher dustbin;
    private DustbinRetrier dustbinRetrier;
    private Admin admin;
    private ExecutorService control;
    private ScheduledExecutorService retries;
    private WorkerContext ctx;
    private TargetOwnership ownership;
    private boolean started;
    private volatile boolean closing;

    public SyncWorker(SyncfleetConfig config, Topics topics, KafkaClients clients, Clock clock, ProcessRunner runner,
                      String workerId) {
        this.config = Objects.requireNonNull(config, "config");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
    }

    /** Per-target sync metrics go to {@code registry} from now on. */
    @Override
    public void bindTo(MeterRegistry registry) {
        metrics.bindTo(registry);
        metrics.changesDecoding(changesDecoder); // after the registry, or Micrometer warns of meters it missed
    }

    /** Joins the workers' group; loops start as READY targets are assigned to this worker. */
    public void start() {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("sync worker [" + workerId + "] already started");
            }
            started = true;
            RsyncPlanner planner = new RsyncPlanner(config.rsync(), config.source());
            RsyncOutcomeClassifier classifier = new RsyncOutcomeClassifier(config.rsync().binary(),
                    config.source().baseDir());
            SourceTree tree = new SourceTree(config.source().baseDir());
            syncs = new SyncRunner(planner, tree, tree::isDirectory, runner, classifier, config.rsync(), clock,
                    new RsyncErrorLog(config.log().dir(), clock), metrics);
            reports = new ReportPublisher(new KafkaProducer<>(clients.producer(workerId + ".reports"),
                    Topics.REPORTS.keySerde().serializer(), Topics.valueSerde(Topics.REPORTS).serializer()),
                    topics.name(Topics.REPORTS), metrics::reported);
            dustbin = new DustbinPublisher(new KafkaProducer<>(clients.producer(workerId + ".dustbin"),
                    Topics.DUSTBIN.keySerde().serializer(), Topics.valueSerde(Topics.DUSTBIN).serializer()),
                    topics.name(Topics.DUSTBIN), new DustbinPolicy(config.dustbin(), clock));
            admin = clients.createAdmin(workerId + ".admin");
            control = Executors.newCachedThreadPool(named("target-control-"));
            retries = Executors.newSingleThreadScheduledExecutor(named("catch-up-retry-"));
            ctx = new WorkerContext(workerId, config, topics, syncs, reports,
                    new ChangeOffsets(admin, topics.name(Topics.CHANGES), Duration.ofSeconds(30)), clock, control,
                    retries, this::newLoop, dustbin);
            Map<String, Object> props = withSessionTimeout(clients.consumer(workerId + ".targets",
                    topics.workerGroup()));
            props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            Consumer<String, TargetStatus> consumer = new KafkaConsumer<>(props,
                    Topics.TARGETS.keySerde().deserializer(), Topics.valueSerde(Topics.TARGETS).deserializer());
            ownership = new TargetOwnership(consumer, topics.name(Topics.TARGETS), new Listener());
            ownership.start();
            dustbinRetrier = new DustbinRetrier(new KafkaConsumer<>(withSessionTimeout(clients.consumer(
                    workerId + ".dustbin-retrier", topics.dustbinGroup())), Topics.DUSTBIN.keySerde().deserializer(),
                    Topics.valueSerde(Topics.DUSTBIN).deserializer()), topics.name(Topics.DUSTBIN), syncs, dustbin,
                    reports, new DustbinPolicy(config.dustbin(), clock), clock, config.dustbin().retryInterval(),
                    new TargetRoster(new KafkaConsumer<>(clients.consumer(workerId + ".roster", null),
                            Topics.TARGETS.keySerde().deserializer(), Topics.valueSerde(Topics.TARGETS).deserializer()),
                            topics.name(Topics.TARGETS), clock));
            dustbinRetrier.start();
        }
        LOG.info("sync worker [{}] started: source [{}], up to {} rsync processes, member of [{}] on [{}]", workerId,
                config.source().baseDir(), config.rsync().maxProcesses(), topics.workerGroup(),
                topics.name(Topics.TARGETS));
    }

    private Map<String, Object> withSessionTimeout(Map<String, Object> props) {
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        return props;
    }

    /** A loop whose consumer commits to the target's group without joining it. */
    private TargetSyncLoop newLoop(String id, TargetUrl url) {
        Map<String, Object> props = clients.consumer(workerId + ".target." + id, topics.targetGroup(id));
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, TargetSyncLoop.MAX_POLL_RECORDS);
        Consumer<String, ChangeBatch> consumer = new KafkaConsumer<>(props, Topics.CHANGES.keySerde().deserializer(),
                changesDecoder);
        return new TargetSyncLoop(id, url, consumer, topics.name(Topics.CHANGES), syncs, reports, dustbin, clock,
                config.rsync().timeout());
    }

    private final class Listener implements TargetOwnership.Listener {

        @Override
        public void onTarget(String targetId, TargetStatus status) {
            OwnedTarget target;
            synchronized (lock) {
                if (closing) {
                    return;
                }
                target = owned.get(targetId);
                if (target == null) {
                    if (status == null) {
                        return;
                    }
                    target = new OwnedTarget(targetId, ctx);
                    owned.put(targetId, target);
                } else if (status == null) {
                    owned.remove(targetId);
                }
            }
            target.update(status);
        }

        @Override
        public void onReleased(Set<String> targetIds, boolean lost) {
            release(targetIds, closing ? "the worker is stopping"
                    : lost ? "lost by this worker (dropped from the group)" : "handed to another worker", lost);
        }
    }

    /**
     * Releases targets and waits until their loops stopped (bounded by the loops' own grace); {@code lost}
     * targets have their loops halted, without a final commit.
     */
    private void release(Set<String> targetIds, String why, boolean lost) {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        synchronized (lock) {
            for (String id : targetIds) {
                OwnedTarget t = owned.remove(id);
                if (t != null) {
                    stopping.add(t.release(why, lost));
                }
            }
        }
        if (stopping.isEmpty()) {
            return;
        }
        Duration wait = config.rsync().timeout().plusSeconds(30);
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("sync worker [{}] released {} targets ({})", workerId, stopping.size(), why);
        } catch (TimeoutException e) {
            LOG.warn("sync worker [{}] targets {} still stopping {}s after release ({}); going on", workerId,
                    targetIds, wait.toSeconds(), why);
        } catch (ExecutionException e) {
            LOG.warn("sync worker [{}] releasing targets {} failed: {}", workerId, targetIds, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The targets this worker owns now, sorted by id. */
    public List<TargetSyncStatus> status() {
        List<OwnedTarget> targets;
        synchronized (lock) {
            targets = new ArrayList<>(owned.values());
        }
        List<TargetSyncStatus> out = new ArrayList<>(targets.size());
        for (OwnedTarget t : targets) {
            TargetSyncStatus s = t.status();
            out.add(s.withProgress(progress(s.id()).orElse(null)));
        }
        out.sort(Comparator.comparing(TargetSyncStatus::id));
        return out;
    }

    /** The progress of the full sync this worker runs for {@code targetId}, if any. */
    public Optional<FullSyncProgress> progress(String targetId) {
        SyncRunner r = syncs;
        return r == null ? Optional.empty() : r.progress().fullSync(targetId);
    }

    /** Partitions of the targets topic assigned to this worker now (0 before the first assignment). */
    public int ownedPartitions() {
        TargetOwnership o = ownership;
        return o == null ? 0 : o.ownedPartitions();
    }

    public String workerId() {
        return workerId;
    }

    /**
     * Stops gracefully: the owned targets are released (in-flight rsyncs get {@code rsync.timeout} to finish
     * and commit, catch-ups are cancelled), the workers' group is left so that another worker takes the
     * targets over at once, then every client is closed.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
        }
        if (ownership != null) {
            ownership.close(); // revokes its partitions: the listener releases their targets
        }
        Set<String> left;
        synchronized (lock) {
            left = Set.copyOf(owned.keySet());
        }
        release(left, "the worker is stopping", false);
        int n = left.size();
        closeClients();
        LOG.info("sync worker [{}] stopped{}", workerId, n == 0 ? "" : " (" + n + " targets released at close)");
    }

    /**
     * Stops at once, as if the process were killed: rsyncs are killed, nothing more is committed, no group
     * is left. Other workers take the targets over after {@link #SESSION_TIMEOUT} and redo the uncommitted
     * work. This is what a SIGKILL does; it lets a test prove failover inside one JVM.
     */
    public void halt() {
        List<OwnedTarget> targets;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            targets = new ArrayList<>(owned.values());
            owned.clear();
        }
        if (ownership != null) {
            ownership.halt();
        }
        targets.forEach(OwnedTarget::halt);
        closeClients();
        LOG.warn("sync worker [{}] halted: {} targets abandoned to the group's failover", workerId, targets.size());
    }

    private void closeClients() {
        if (dustbinRetrier != null) {
            dustbinRetrier.close();
        }
        if (retries != null) {
            retries.shutdownNow();
        }
        if (control != null) {
            control.shutdown();
        }
        if (syncs != null) {
            syncs.close();
        }
        if (reports != null) {
            reports.close();
        }
        if (dustbin != null) {
            dustbin.close();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package io.syncfleet.keeper.app;

import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.TargetsConfig;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.keeper.app.KeeperEvent.FleetListed;
import io.syncfleet.keeper.app.KeeperEvent.Reported;
import io.syncfleet.keeper.app.KeeperEvent.Requested;
import io.syncfleet.keeper.domain.TargetHealth;
import io.syncfleet.keeper.domain.TargetStateMachine;
import io.syncfleet.keeper.kafka.BacklogMonitor;
import io.syncfleet.keeper.kafka.ChangeFollower;
import io.syncfleet.keeper.kafka.GroupRemover;
import io.syncfleet.keeper.kafka.ReportFollower;
import io.syncfleet.keeper.kafka.RequestFollower;
import io.syncfleet.keeper.kafka.StatusPublisher;
import io.syncfleet.keeper.kafka.TargetTable;
import io.syncfleet.keeper.kafka.TargetTableReader;
import io.syncfleet.keeper.probe.ProbeRunner;
import io.syncfleet.keeper.process.CommandRunner;
import io.syncfleet.keeper.process.HookRunner;
import io.syncfleet.keeper.process.LocalCommandRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health keeper role: probes every target, runs each one's {@link TargetStateMachine}, and publishes
 * target states and catch-up commands to the compacted {@code targets} topic, which workers follow.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@code keeper}: owns every target's health ({@link Fleet}, driven by {@link KeeperLoop}); all other
 *       threads hand it events.</li>
 *   <li>{@code probe-N}: probes ({@link ProbeRunner}); results go back to the keeper thread.</li>
 *   <li>{@code keeper-reports}, {@code keeper-requests}: each owns one consumer, of {@code reports} (workers'
 *       results: a catch-up's outcome, a target found down) and {@code requests} (operators' add, remove,
 *       replay, full sync, in the group {@link Topics#keeperGroup()}).</li>
 *   <li>{@code keeper-scheduler-N}: periodic jobs: the offsets snapshot every {@value #BACKLOG_REFRESH_SECONDS}s
 *       (replay window and lag, {@link BacklogMonitor}), {@code targets.command} every
 *       {@code targets.refresh}, the deletion of removed targets' consumer groups, and the error-rate check of
 *       {@code alerts.*} every second ({@link ErrorRateAlerts}).</li>
 *   <li>{@code alert-command}, {@code alert-webhook}, {@code alert-email}: alert deliveries, one thread per channel.</li>
 *   <li>{@code hook-N}: {@code hooks.onStateChange} ({@link HookRunner}).</li>
 *   <li>{@code keeper-changes}, {@code after-sync-hook}, {@code after-sync-target-hook}: only with
 *       {@code hooks.afterSync} or {@code hooks.afterSyncPerTarget} ({@link AfterSyncHooks}): follows
 *       {@code changes} for the batches' paths and runs the hooks.</li>
 * </ul>
 *
 * <h2>Start</h2>
 * The {@code targets} topic is read from the beginning to its end (every partition). Each known target's
 * health is restored ({@link TargetStateMachine#restore}); a target found in recovery gets a fresh probe
 * round. Targets of {@code targets.static} that the topic lacks are new (recovery with a full sync);
 * those whose url changed are republished with the new url, their state kept. Targets the topic holds but
 * the config does not stay: they were added at run time.
 *
 * <h2>One active keeper per fleet</h2>
 * Only one keeper of a fleet (per {@code kafka.topicPrefix}) may run at a time: {@link LeasedKeeper} starts
 * this class only while it holds the fleet's lease. Two running at once would each probe every target and
 * publish their own transitions: since a transition depends only on the target and the probes, the topic
 * would stay consistent, but commands would be issued twice and each keeper would see the other's catch-up
 * results as stale.
 */
public final class HealthKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthKeeper.class);

    static final int BACKLOG_REFRESH_SECONDS = 2;
    /** Probe threads: up to this many hung hosts at once are absorbed without delaying the others. */
    static final int PROBE_THREADS = 32;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_SCRIPT_OUTPUT = 4 << 20;
    private static final int MAX_ERROR_OUTPUT = 64 << 10;

    private final SyncfleetConfig config;
    private final Topics topics;
    private final KafkaClients clients;
    private final Clock clock;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final Deque<Thread> threads = new ArrayDeque<>();

    private KeeperScheduler scheduler;
    private volatile BacklogMonitor backlog;
    private volatile KeeperLoop loop;
    private ReportFollower reports;
    private volatile ErrorRateAlerts alerts;
    private ChangeFollower changes;
    private volatile AfterSyncHooks afterSync;
    private RequestFollower requests;
    private boolean started;
    private boolean closed;

    public HealthKeeper(SyncfleetConfig config, Topics topics, KafkaClients clients, Clock clock) {
        this.config = config;
        this.topics = topics;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * Takes over the fleet and starts probing; returns once the fleet's initial changes are published.
     *
     * @throws Exception when Kafka cannot be reached or the {@code targets} topic cannot be read or written;
     *     whatever was started is stopped again
     */
    public synchronized void start() throws Exception {
        if (started) {
            throw new IllegalStateException("health keeper already started");
        }
        started = true;
        try {
            startAll();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        String client = topics.prefix() + "-keeper";
        scheduler = new KeeperScheduler(2);
        Admin admin = clients.createAdmin(client + "-admin");
        closeables.push(admin);
        StatusPublisher publisher = new StatusPublisher(new KafkaProducer<>(clients.producer(client),
                Topics.TARGETS.keySerde().serializer(), Topics.TARGETS.valueSerde().serializer()), topics);
        closeables.push(publisher);
        CommandRunner commands = new LocalCommandRunner(MAX_SCRIPT_OUTPUT, MAX_ERROR_OUTPUT);
        ProbeRunner probes = ProbeRunner.of(config.health(), PROBE_THREADS, commands);
        closeables.push(probes);
        HookRunner hooks = new HookRunner(config.hooks(), commands);
        closeables.push(hooks);
        backlog = new BacklogMonitor(admin, topics, KAFKA_TIMEOUT);
        GroupRemover groups = new GroupRemover(admin, topics, scheduler.executor(), KAFKA_TIMEOUT);
        TargetsConfig targets = config.targets();
        Fleet fleet = new Fleet(new TargetStateMachine(config.health(), config.recovery(), backlog), publisher, hooks,
                groups, clock, targets.hasCommand());

        TargetTable table;
        try (var reader = new KafkaConsumer<>(clients.consumer(client + "-table", null),
                Topics.TARGETS.keySerde().deserializer(), Topics.TARGETS.valueSerde().deserializer())) {
            table = new TargetTableReader(reader, topics).readAll(KAFKA_TIMEOUT);
        }
        alerts = ErrorRateAlerts.of(config.alerts(), topics.prefix(), commands, clock).orElse(null);
        if (alerts != null) {
            closeables.push(alerts);
        }
        refreshBacklog(table.latest().keySet());
        fleet.restore(table, targets.staticTargets());
        loop = new KeeperLoop(fleet, probes, clock);
        publisher.flush();
        if (publisher.failures() > 0) {
            throw new IllegalStateException("could not publish the fleet to [" + topics.name(Topics.TARGETS)
                    + "]; see the errors above");
        }

        var reportConsumer = new KafkaConsumer<>(clients.consumer(client + "-reports", null),
                Topics.REPORTS.keySerde().deserializer(), Topics.REPORTS.valueSerde().deserializer());
        reports = new ReportFollower(reportConsumer, topics, this::onReport);
        try {
            reports.start(KAFKA_TIMEOUT);
        } catch (RuntimeException e) {
            reportConsumer.close();
            reports = null;
            throw e;
        }
        if (config.hooks().hasAfterSyncHook()) {
            startAfterSyncHooks(client, commands);
        }
        requests = new RequestFollower(new KafkaConsumer<>(clients.consumer(client + "-requests", topics.keeperGroup()),
                Topics.REQUESTS.keySerde().deserializer(), Topics.REQUESTS.valueSerde().deserializer()), topics,
                this::onRequest);
        startThread("keeper", loop);
        startThread("keeper-reports", reports);
        startThread("keeper-requests", requests);

        scheduler.every("refresh offsets of the targets' consumer groups", Duration.ofSeconds(BACKLOG_REFRESH_SECONDS),
                () -> refreshBacklog(loop.healths().stream().map(TargetHealth::id).toList()));
        if (alerts != null) {
            scheduler.every("check the error rate for alerts", Duration.ofSeconds(1), alerts::check);
        }
        if (targets.hasCommand()) {
            scheduler.every("run targets.command", targets.refresh(),
                    new FleetCommandJob(targets, commands, out -> loop.submit(new FleetListed(out))));
        }
        String script = targets.hasCommand() ? ", targets.command every " + Durations.format(targets.refresh()) : "";
        LOG.info("health keeper started: {} targets, {} static{}; hooks: {}", loop.healths().size(),
                targets.staticTargets().size(), script,
                config.hooks().hasStateChangeHook() ? config.hooks().onStateChange() : "none");
    }

    /** Follows {@code changes} for the batches' paths and runs the after-sync hooks ({@link AfterSyncHooks}). */
    private void startAfterSyncHooks(String client, CommandRunner commands) {
        AfterSyncHooks hooks = new AfterSyncHooks(config.hooks(), commands, clock, this::readyTargets);
        closeables.push(hooks);
        var changeConsumer = new KafkaConsumer<>(clients.consumer(client + "-changes", null),
                Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer());
        ChangeFollower follower = new ChangeFollower(changeConsumer, topics, hooks::partSeen);
        try {
            follower.start(KAFKA_TIMEOUT);
        } catch (RuntimeException e) {
            changeConsumer.close();
            throw e;
        }
        changes = follower;
        afterSync = hooks;
        startThread("keeper-changes", follower);
        scheduler.every("run the after-sync hooks of batches that reached their targets", AfterSyncHooks.TICK,
                hooks::tick);
        LOG.info("after-sync hooks: afterSync {}, afterSyncPerTarget {}", or(config.hooks().afterSync()),
                or(config.hooks().afterSyncPerTarget()));
    }

    private static Object or(List<String> argv) {
        return argv.isEmpty() ? "none" : argv;
    }

    private Set<String> readyTargets() {
        KeeperLoop l = loop;
        return l == null ? Set.of() : l.healths().stream().filter(h -> h.state() == TargetState.READY)
                .map(TargetHealth::id).collect(Collectors.toSet());
    }

    private void onReport(SyncReport report) {
        loop.submit(new Reported(report));
        ErrorRateAlerts a = alerts;
        if (a != null) {
            a.onReport(report);
        }
        AfterSyncHooks hooks = afterSync;
        if (hooks != null) {
            hooks.reported(report);
        }
    }

    private CompletableFuture<?> onRequest(TargetRequest request) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.submit(new Requested(request, done));
        return done;
    }

    private void refreshBacklog(Collection<String> ids) {
        try {
            backlog.refresh(ids);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot read the offsets of the targets' consumer groups, keeping the last ones: {}",
                    e instanceof ExecutionException ? e.getCause().toString() : "no answer within " + Durations.format(KAFKA_TIMEOUT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startThread(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                LOG.error("thread {} of the health keeper died", name, e);
            }
        }, name);
        t.setDaemon(true);
        threads.push(t);
        t.start();
    }

    /** Every target as the keeper sees it now, by id; empty before {@link #start()}. */
    public List<TargetHealthView> status() {
        KeeperLoop l = loop;
        BacklogMonitor b = backlog;
        if (l == null) {
            return List.of();
        }
        return l.healths().stream().map(h -> new TargetHealthView(h.id(), h.url(), h.state(), h.sinceMillis(),
                h.reason(), h.pendingCommandId(), h.outageStartMillis(), b.lagRecords(h.id()))).toList();
    }

    /** Stops probing and following Kafka; what was published stays. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scheduler != null) {
            scheduler.close();
        }
        if (loop != null) {
            loop.stop();
        }
        if (reports != null) {
            reports.stop();
        }
        if (changes != null) {
            changes.stop();
        }
        if (requests != null) {
            requests.stop();
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("thread {} of the health keeper did not stop within 10s", t.getName());
            }
        }
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                LOG.warn("closing the health keeper: {}", e.toString());
            }
        }
        if (started) {
            LOG.info("health keeper stopped");
        }
    }
}

package io.syncfleet.app;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.http.ActionHandler;
import io.syncfleet.http.DashboardHandler;
import io.syncfleet.http.MetricsHandler;
import io.syncfleet.http.PushEndpoint;
import io.syncfleet.http.StatusServer;
import io.syncfleet.kafka.FleetStatusReader;
import io.syncfleet.kafka.RequestPublisher;
import io.syncfleet.kafka.StateChangeReader;
import io.syncfleet.keeper.app.LeasedKeeper;
import io.syncfleet.keeper.app.TargetHealthView;
import io.syncfleet.watcher.app.ManualPush;
import io.syncfleet.watcher.app.WatcherAgent;
import io.syncfleet.worker.app.SyncWorker;
import io.syncfleet.worker.process.LauncherProcessRunner;
import io.syncfleet.worker.process.LocalProcessRunner;
import io.syncfleet.worker.process.ProcessRunner;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One syncfleet process: the Kafka connection and the roles it was asked to run, started in order
 * (broker and topics, keeper, worker, watcher, status) and closed in reverse order.
 */
public final class Node implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    /** State changes shown in {@code /status} and on the dashboard. */
    static final int RECENT_CHANGES = 20;
    /** The watcher role's meter names start so ({@code WatcherMeters}). */
    static final String WATCHER_METERS = "syncfleet.watcher.";

    private volatile SyncfleetConfig config;
    private final Roles roles;
    private final Clock clock;
    /** In start order; closed in reverse. A role restarted by {@link #reload} takes its old place. */
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private LauncherProcessRunner launcher; // see processRunner()
    private final CountDownLatch closed = new CountDownLatch(1);
    private final NodeMetrics metrics = new NodeMetrics();
    private RecentChanges recentChanges;
    private FleetStatusReader fleet;
    private KafkaConnection kafka;
    private Topics topics;
    private LeasedKeeper keeper;
    private SyncWorker worker;
    private WatcherAgent watcher;
    private KafkaProducer<String, ChangeBatch> producer;
    private StatusServer statusServer;
    private PushEndpoint push;

    static {
        ProcessLaunch.preferVfork(); // before any rsync, probe or hook of this node starts
    }

    public Node(SyncfleetConfig config, Roles roles, Clock clock) {
        this.config = config;
        this.roles = roles;
        this.clock = clock;
    }

    public Node start() throws Exception {
        long t0 = System.nanoTime();
        Preflight.check(config, roles);
        if (roles.keeper() && config.targets().staticTargets().isEmpty() && config.targets().command().isEmpty()) {
            LOG.warn("no targets configured (targets.static and targets.command are empty): add some to the config,"
                    + " or at run time with 'syncfleet targets add ID URL'");
        }
        topics = new Topics(config.kafka().topicPrefix(), config.kafka().partitions());
        try {
            kafka = KafkaConnection.open(config.kafka(), topics);
            closeables.add(kafka);
            closeables.add(metrics);
            fleet = new FleetStatusReader(kafka.clients(), topics);
            closeables.add(fleet);
            recentChanges = new RecentChanges(new StateChangeReader(fleet), RECENT_CHANGES, clock);
            WatcherAgent w = null;
            if (roles.watcher()) {
                producer = new KafkaProducer<>(kafka.clients().producer("syncfleet-watcher"),
                        Topics.CHANGES.keySerde().serializer(), Topics.CHANGES.valueSerde().serializer());
                closeables.add(producer);
                w = newWatcher(config);
            }
            // A watcher with no manifest to compare publishes its start-up RESCAN as soon as it watches (with
            // inotify, once every directory has its watch): started first, it puts the RESCAN ahead of the end
            // offsets that new targets' first full syncs capture, so they cover it (started after the worker,
            // each new target synced in full twice). One that walks to compare with its manifest goes last, so
            // that the walk does not hold back the worker's catch-up of a backlog.
            boolean watcherFirst = w != null && !w.walksAtStart();
            if (watcherFirst) {
                watcher = startWatcher(w);
            }
            if (roles.keeper()) {
                keeper = startKeeper(config);
                metrics.watchFleet(fleet::read);
            }
            if (roles.worker()) {
                worker = startWorker(config);
            }
            if (w != null && !watcherFirst) {
                watcher = startWatcher(w);
            }
            if (w != null) {
                closeables.remove(w);
                closeables.add(w); // closed before the worker and keeper, whichever started first
                push = new PushEndpoint(manualPush(config));
            }
            if (config.status().port() != 0) {
                statusServer = StatusServer.start(config.status().host(), config.status().port(), this::status, push);
                closeables.add(statusServer);
                statusServer.handle("/metrics", new MetricsHandler(metrics::scrape));
                statusServer.handle("/", new DashboardHandler(config.status().allowActions(),
                        !config.status().token().isEmpty()));
                statusServer.handle("/actions/", new ActionHandler(config.status().allowActions(),
                        config.status().token(), new NodeActions(kafka, topics, fleet, clock), clock));
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        LOG.info("syncfleet running roles {} with {} targets in {} ms (Kafka: {})", roles.names(),
                config.targets().staticTargets().size(), (System.nanoTime() - t0) / 1_000_000, kafka.description());
        return this;
    }

    private LeasedKeeper startKeeper(SyncfleetConfig c) throws Exception {
        LeasedKeeper k = new LeasedKeeper(c, topics, kafka.clients(), clock);
        closeables.add(k);
        k.start();
        return k;
    }

    private SyncWorker startWorker(SyncfleetConfig c) throws Exception {
        SyncWorker w = new SyncWorker(c, topics, kafka.clients(), clock, processRunner(c),
                hostName() + "-" + ProcessHandle.current().pid() + "-worker");
        closeables.add(w);
        metrics.bind(w);
        w.start();
        return w;
    }

    /**
     * The launcher process's runner, or the worker's own when {@code rsync.launcher} is false. One launcher
     * per node, kept when a config reload restarts the worker; closed after the worker, which ends its rsync
     * runs first.
     */
    private ProcessRunner processRunner(SyncfleetConfig c) {
        if (!c.rsync().launcher()) {
            return new LocalProcessRunner();
        }
        if (launcher == null) {
            launcher = LauncherProcessRunner.start();
            closeables.add(launcher);
        }
        return launcher;
    }

    private ManualPush manualPush(SyncfleetConfig c) {
        return new ManualPush(c, topics, producer, clock, "push@" + hostName());
    }

    private WatcherAgent newWatcher(SyncfleetConfig c) {
        WatcherAgent w = new WatcherAgent(c, topics, producer, clock, hostName());
        closeables.add(w);
        return w;
    }

    private WatcherAgent startWatcher(WatcherAgent w) {
        metrics.bind(w);
        w.start();
        return w;
    }

    /**
     * Applies a reloaded config without a restart where that is safe ({@link ConfigChange}): the roles a
     * change concerns are restarted in place with the new values; keys that need a process restart are
     * logged and keep their running value.
     *
     * @return what changed and how it was applied
     * @throws Exception when a restarted role fails to start; the node then runs without it (see the log)
     */
    public synchronized ConfigChange reload(SyncfleetConfig loaded) throws Exception {
        ConfigChange change = ConfigChange.between(config, loaded);
        if (change.isEmpty()) {
            LOG.info("config reloaded: nothing changed");
            return change;
        }
        LOG.info("config reloaded: changed {}", change.changed());
        for (String key : change.restartNeeded()) {
            LOG.warn("config reload: {} changed: restart needed (it keeps its running value until then)", key);
        }
        SyncfleetConfig next = change.applied();
        if (!next.log().level().equals(config.log().level())) {
            LoggingSetup.level(next.log().level());
            LOG.info("config reload: log.level is now {}", next.log().level());
        }
        config = next;
        if (change.keeper()) {
            if (keeper == null) {
                LOG.warn("config reload: targets, hooks, health or recovery changed, but this process runs no keeper:"
                        + " reload the process that runs the keeper role");
            } else {
                LOG.info("config reload: restarting the health keeper with the new values");
                keeper.reload(next);
                removeTargets(change.removedTargets());
            }
        }
        if (change.worker() && worker != null) {
            worker = restart(worker, () -> startWorker(next), "sync worker");
        }
        if (change.watcher() && watcher != null) {
            watcher = restart(watcher, () -> {
                metrics.forget(WATCHER_METERS); // else they stay bound to the closed watcher
                return startWatcher(newWatcher(next));
            }, "watcher");
            push.use(manualPush(next));
        }
        return change;
    }

    private interface Starter<T extends AutoCloseable> {
        T start() throws Exception;
    }

    /** Closes a role and starts its successor in the old one's place in the close order. */
    private <T extends AutoCloseable> T restart(T old, Starter<T> starter, String what) throws Exception {
        LOG.info("config reload: restarting the {} with the new values", what);
        int at = closeables.indexOf(old);
        closeables.remove(at);
        old.close();
        T fresh = starter.start();
        closeables.remove(fresh);
        closeables.add(at, fresh);
        return fresh;
    }

    private void removeTargets(List<String> ids) {
        for (String id : ids) {
            try {
                new RequestPublisher(kafka.clients(), topics).send(TargetRequest.Action.REMOVE, id, null, -1,
                        clock.millis());
                LOG.info("config reload: target [{}] left targets.static: removal requested", id);
            } catch (Exception e) {
                LOG.warn("config reload: target [{}] left targets.static but its removal could not be requested: {};"
                        + " run 'syncfleet targets remove {}'", id, e.toString(), id);
            }
        }
    }

    /** The config this node runs with now. */
    public SyncfleetConfig config() {
        return config;
    }

    /** The document served at {@code /status}. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("roles", roles.names());
        s.put("broker", kafka.description());
        s.put("topicPrefix", topics.prefix());
        if (watcher != null) {
            s.put("watcher", watcher.status());
        }
        if (keeper != null) {
            s.put("keeperActive", keeper.active());
            s.put("keeper", keeper.status());
        }
        if (worker != null) {
            s.put("worker", Map.of("id", worker.workerId(), "ownedPartitions", worker.ownedPartitions(),
                    "targets", worker.status()));
        }
        try {
            List<TargetView> targets = fleet.read();
            SyncWorker w = worker;
            s.put("targets", w == null ? targets : targets.stream()
                    .map(t -> t.withProgress(w.progress(t.id()).orElse(null))).toList());
            s.put("recentChanges", recentChanges.get());
        } catch (Exception e) {
            s.put("targets", List.of());
            s.put("error", "cannot read fleet status from Kafka: " + e.getMessage());
        }
        s.put("totals", metrics.totals());
        return s;
    }

    /** The local health keeper's view of every target (cheap: no Kafka reads); empty without the keeper role. */
    public List<TargetHealthView> keeperStatus() {
        return keeper == null ? List.of() : keeper.status();
    }

    public int statusPort() {
        return statusServer == null ? 0 : statusServer.port();
    }

    public KafkaConnection kafka() {
        return kafka;
    }

    /** Blocks until {@link #close()} ran. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public synchronized void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.remove(closeables.size() - 1);
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing [{}] failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        closed.countDown();
    }

    /** This host's name, for ids and traces; {@code localhost} when it cannot be told. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}

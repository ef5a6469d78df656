package io.syncfleet.app;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.http.PushEndpoint;
import io.syncfleet.http.ActionHandler;
import io.syncfleet.http.DashboardHandler;
import io.syncfleet.http.MetricsHandler;
import io.syncfleet.http.StatusServer;
import io.syncfleet.kafka.FleetStatusReader;
import io.syncfleet.kafka.StateChangeReader;
import io.syncfleet.keeper.app.HealthKeeper;
import io.syncfleet.keeper.app.TargetHealthView;
import io.syncfleet.watcher.app.ManualPush;
import io.syncfleet.watcher.app.WatcherAgent;
import io.syncfleet.worker.app.SyncWorker;
import io.syncfleet.worker.process.LocalProcessRunner;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
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

    private final SyncfleetConfig config;
    private final Roles roles;
    private final Clock clock;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final NodeMetrics metrics = new NodeMetrics();
    private RecentChanges recentChanges;
    private KafkaConnection kafka;
    private Topics topics;
    private HealthKeeper keeper;
    private SyncWorker worker;
    private WatcherAgent watcher;
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
            closeables.push(kafka);
            closeables.push(metrics);
            recentChanges = new RecentChanges(new StateChangeReader(kafka.clients(), topics), RECENT_CHANGES, clock);
            String host = hostName();
            if (roles.keeper()) {
                keeper = new HealthKeeper(config, topics, kafka.clients(), clock);
                closeables.push(keeper);
                keeper.start();
                metrics.watchFleet(() -> new FleetStatusReader(kafka.clients(), topics).read());
            }
            if (roles.worker()) {
                worker = new SyncWorker(config, topics, kafka.clients(), clock, new LocalProcessRunner(),
                        host + "-" + ProcessHandle.current().pid() + "-worker");
                closeables.push(worker);
                metrics.bind(worker);
                worker.start();
            }
            if (roles.watcher()) {
                var producer = new KafkaProducer<>(kafka.clients().producer("syncfleet-watcher"),
                        Topics.CHANGES.keySerde().serializer(), Topics.CHANGES.valueSerde().serializer());
                closeables.push(producer);
                watcher = new WatcherAgent(config, topics, producer, clock, host);
                closeables.push(watcher);
                metrics.bind(watcher);
                watcher.start();
                push = new PushEndpoint(new ManualPush(config, topics, producer, clock, "push@" + host));
            }
            if (config.status().port() != 0) {
                statusServer = StatusServer.start(config.status().host(), config.status().port(), this::status, push);
                closeables.push(statusServer);
                statusServer.handle("/metrics", new MetricsHandler(metrics::scrape));
                statusServer.handle("/", new DashboardHandler(config.status().allowActions(),
                        !config.status().token().isEmpty()));
                statusServer.handle("/actions/", new ActionHandler(config.status().allowActions(),
                        config.status().token(), new NodeActions(kafka, topics, clock), clock));
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        LOG.info("syncfleet running roles {} with {} targets in {} ms (Kafka: {})", roles.names(),
                config.targets().staticTargets().size(), (System.nanoTime() - t0) / 1_000_000, kafka.description());
        return this;
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
            s.put("keeper", keeper.status());
        }
        if (worker != null) {
            s.put("worker", Map.of("id", worker.workerId(), "ownedPartitions", worker.ownedPartitions(),
                    "targets", worker.status()));
        }
        try {
            List<TargetView> targets = new FleetStatusReader(kafka.clients(), topics).read();
            s.put("targets", worker == null ? targets : targets.stream()
                    .map(t -> t.withProgress(worker.progress(t.id()).orElse(null))).toList());
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
    public void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
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

package io.syncfleet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.syncfleet.app.LoggingSetup;
import io.syncfleet.app.Node;
import io.syncfleet.app.Roles;
import io.syncfleet.app.TargetView;
import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.keeper.app.TargetHealthView;
import io.syncfleet.watcher.app.WatcherStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * syncfleet as users run it with {@code bin/syncfleet run}: one in-process {@link Node} with all roles
 * (watcher, worker, keeper) on its embedded Kafka broker, its log in a file at {@code info}. The config
 * is written as YAML and loaded by the real loader, so every setting shown in a result is a real key.
 */
final class SyncfleetPeer implements AutoCloseable {

    private final Node node;
    private final SyncfleetConfig config;
    private final Path dir;
    private final String yaml;

    private SyncfleetPeer(Node node, SyncfleetConfig config, Path dir, String yaml) {
        this.node = node;
        this.config = config;
        this.dir = dir;
        this.yaml = yaml;
    }

    /**
     * @param extraYaml more top-level sections (e.g. {@code watch: {delay: 0ms}}), or ""
     * @param targetUrls the targets, named t0, t1, ... in order
     */
    static SyncfleetPeer start(Path dir, Path baseDir, List<String> paths, List<String> targetUrls, String extraYaml)
            throws Exception {
        Files.createDirectories(dir);
        StringBuilder y = new StringBuilder();
        y.append("kafka: {dataDir: ./kafka, embeddedPort: ").append(RsyncDaemons.freePortPair()).append("}\n");
        y.append("source: {baseDir: \"").append(baseDir).append("\", paths: [").append(String.join(", ", paths))
                .append("]}\n");
        y.append(extraYaml);
        String more = System.getenv().getOrDefault("BENCH_SYNCFLEET_YAML", "").replace("\\n", "\n");
        y.append(more).append(more.isEmpty() || more.endsWith("\n") ? "" : "\n");
        y.append("targets:\n  static:\n");
        for (int i = 0; i < targetUrls.size(); i++) {
            y.append("    - {id: t").append(i).append(", url: \"").append(targetUrls.get(i)).append("\"}\n");
        }
        String level = System.getenv().getOrDefault("BENCH_SYNCFLEET_LOG", "info");
        y.append("status: {listen: \"127.0.0.1:0\"}\nlog: {dir: ./logs, level: ").append(level).append("}\n");
        Path cfg = dir.resolve("syncfleet.yml");
        Files.writeString(cfg, y);
        SyncfleetConfig config = ConfigLoader.load(cfg, null, Map.of());
        logToFileOnly(config);
        Node node = new Node(config, Roles.ALL, Clock.systemUTC());
        node.start();
        return new SyncfleetPeer(node, config, dir, y.toString());
    }

    /** The log goes to {@code log.dir} as with {@code run}; the console shows warnings only. */
    private static void logToFileOnly(SyncfleetConfig config) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a.getName() != null && a.getName().equals("FILE")) {
                root.detachAppender(a); // from a previous peer in this JVM
                a.stop();
            } else if (a.getCopyOfAttachedFiltersList().isEmpty()) {
                ThresholdFilter warn = new ThresholdFilter();
                warn.setLevel(Level.WARN.levelStr);
                warn.start();
                a.addFilter(warn);
            }
        }
        LoggingSetup.toFile(config.log());
    }

    /** The change batches and sync reports written so far, for {@link PipelineTrace#stages}. */
    PipelineTrace trace() {
        return PipelineTrace.read(node.kafka().clients(),
                new Topics(config.kafka().topicPrefix(), config.kafka().partitions()));
    }

    String yaml() {
        return yaml;
    }

    Path dir() {
        return dir;
    }

    /**
     * The health keeper's view of target {@code id}, from the keeper in this process
     * ({@link Node#keeperStatus()}: no Kafka reads, unlike {@link Node#status()}).
     */
    TargetState state(String id) {
        for (TargetHealthView v : node.keeperStatus()) {
            if (v.id().equals(id)) {
                return v.state();
            }
        }
        return null;
    }

    /** Polls {@link #state} every 5 ms; returns System.nanoTime() when {@code p} held. */
    long awaitState(String id, Predicate<TargetState> p, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            TargetState s = state(id);
            if (s != null && p.test(s)) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("target " + id + " still " + s + " after " + timeoutMillis + " ms");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Waits until syncfleet has nothing left from its start: every target READY, the watcher's first batch
     * published (on a first start, the RESCAN of every root, since there is no manifest yet), and no target
     * lagging behind it. Without this, the first measured round would also pay for that start-up full sync,
     * which the targets' own full sync as new targets does not cover (it is captured before the RESCAN).
     */
    void awaitSettled(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        String why = "";
        while (System.nanoTime() < deadline) {
            why = unsettled(node.status());
            if (why.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("syncfleet not settled after " + timeoutMillis + " ms: " + why);
    }

    private static String unsettled(Map<String, Object> status) {
        Object w = status.get("watcher");
        if (!(w instanceof WatcherStatus ws) || ws.publishedBatches() == 0) {
            return "the watcher has published nothing yet";
        }
        Object ts = status.get("targets");
        if (!(ts instanceof List<?> targets) || targets.isEmpty()) {
            return "no targets in the status (" + status.get("error") + ")";
        }
        for (Object o : targets) {
            TargetView t = (TargetView) o;
            if (!t.state().equalsIgnoreCase(TargetState.READY.name()) || t.lag() > 0) {
                return "target " + t.id() + " is " + t.state() + " with lag " + t.lag();
            }
        }
        return "";
    }

    @Override
    public void close() {
        node.close();
    }
}

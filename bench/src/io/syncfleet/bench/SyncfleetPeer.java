package io.syncfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.Topics;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * syncfleet as users run it: {@code java -jar syncfleet.jar run --config F} in its own process, all roles
 * (watcher, worker, keeper) on its embedded Kafka broker, its log in {@code <dir>/logs} at {@code info} and
 * its console in {@code <dir>/console.log}. The config is written as YAML and loaded by the real loader, so
 * every setting shown in a result is a real key.
 *
 * <p>Its own process, not the bench's JVM: with syncfleet idle in the bench's JVM, every tool's latency-50
 * sample took ~40% longer than the same pushes before it started (2026-11-29), which cost the run minutes and
 * is not how anyone runs it. The bench sees it from outside: {@code GET /status} and the keeper's
 * {@code targets} topic ({@link TargetStates}).
 */
final class SyncfleetPeer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final SyncfleetConfig config;
    private final Path dir;
    private final String yaml;
    private final int statusPort;
    private KafkaClients clients;
    private TargetStates states;

    private SyncfleetPeer(Process process, SyncfleetConfig config, Path dir, String yaml, int statusPort) {
        this.process = process;
        this.config = config;
        this.dir = dir;
        this.yaml = yaml;
        this.statusPort = statusPort;
    }

    /**
     * Starts the process and returns once its status server and broker answer.
     *
     * @param extraYaml more top-level sections (e.g. {@code watch: {delay: 0ms}}), or ""
     * @param targetUrls the targets, named t0, t1, ... in order
     */
    static SyncfleetPeer start(Path dir, Path baseDir, List<String> paths, List<String> targetUrls, String extraYaml)
            throws Exception {
        Files.createDirectories(dir);
        int statusPort = RsyncDaemons.freePort();
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
        y.append("status: {listen: \"127.0.0.1:").append(statusPort).append("\"}\nlog: {dir: ./logs, level: ")
                .append(level).append("}\n");
        Path cfg = dir.resolve("syncfleet.yml");
        Files.writeString(cfg, y);
        SyncfleetConfig config = ConfigLoader.load(cfg, null, Map.of()); // fails here, with the key, if invalid
        List<String> argv = new ArrayList<>();
        argv.add(thisJava());
        argv.addAll(javaOpts());
        argv.addAll(List.of("-jar", jar(), "run", "--config", cfg.toString()));
        Process p = OnExit.kill(new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.log").toFile()).start());
        SyncfleetPeer peer = new SyncfleetPeer(p, config, dir, y.toString(), statusPort);
        try {
            peer.awaitUp(120_000);
        } catch (Exception e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** The java binary running the bench (its JDK's tools sit beside it). */
    static String thisJava() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** {@code SYNCFLEET_JAVA_OPTS}, split at spaces, as {@code bin/syncfleet} passes them to java. */
    static List<String> javaOpts() {
        String opts = System.getenv().getOrDefault("SYNCFLEET_JAVA_OPTS", "").strip();
        return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
    }

    /** The syncfleet jar on this JVM's class path (run.sh's private copy). */
    private static String jar() {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.endsWith(".jar") && Path.of(e).getFileName().toString().startsWith("syncfleet")) {
                return e;
            }
        }
        throw new IllegalStateException("no syncfleet jar on the class path " + System.getProperty("java.class.path"));
    }

    private void awaitUp(long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (status() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("syncfleet did not answer on :" + statusPort + " within "
                        + timeoutMillis + " ms; see " + dir.resolve("console.log"));
            }
            Thread.sleep(100);
        }
        clients = new KafkaClients("127.0.0.1:" + config.kafka().embeddedPort(), config.kafka());
        states = new TargetStates(clients, topics());
    }

    /** {@code GET /status}, or null while the server is not up yet; throws if the process has ended. */
    private JsonNode status() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("syncfleet exited with " + process.exitValue() + ": "
                    + tail(dir.resolve("console.log")));
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + statusPort + "/status")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException notYet) {
            return null;
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private Topics topics() {
        return new Topics(config.kafka().topicPrefix(), config.kafka().partitions());
    }

    /** The change batches and sync reports written so far, for {@link PipelineTrace#stages}. */
    PipelineTrace trace() {
        return PipelineTrace.read(clients, topics());
    }

    /** Every sync report syncfleet has published so far. */
    List<SyncReport> reports() {
        return PipelineTrace.readAll(clients, topics().name(Topics.REPORTS), Topics.REPORTS);
    }

    String yaml() {
        return yaml;
    }

    Path dir() {
        return dir;
    }

    /** The process id, for CPU accounting ({@link CpuSplit}) and JFR ({@link Profiler}). */
    long pid() {
        return process.pid();
    }

    /** The health keeper's latest published state of target {@code id}, or null before its first. */
    TargetState state(String id) {
        return states.get(id);
    }

    /** Polls {@link #state} every 5 ms; returns System.nanoTime() when {@code p} held. */
    long awaitState(String id, Predicate<TargetState> p, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            TargetState s = state(id);
            if (s != null && p.test(s)) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("target " + id + " still " + s + " after " + timeoutMillis
                        + " ms" + (process.isAlive() ? "" : " (syncfleet exited)"));
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
    void awaitSettled(long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        String why = "";
        while (System.nanoTime() < deadline) {
            JsonNode s = status();
            why = s == null ? "no answer on /status" : unsettled(s);
            if (why.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("syncfleet not settled after " + timeoutMillis + " ms: " + why);
    }

    private static String unsettled(JsonNode status) {
        if (status.path("watcher").path("publishedBatches").asLong() == 0) {
            return "the watcher has published nothing yet";
        }
        JsonNode targets = status.path("targets");
        if (!targets.isArray() || targets.isEmpty()) {
            return "no targets in the status (" + status.path("error").asText() + ")";
        }
        for (JsonNode t : targets) {
            if (!t.path("state").asText().equalsIgnoreCase(TargetState.READY.name()) || t.path("lag").asLong() > 0) {
                return "target " + t.path("id").asText() + " is " + t.path("state").asText() + " with lag "
                        + t.path("lag").asLong();
            }
        }
        return "";
    }

    /** SIGTERM (syncfleet stops its rsyncs and its broker), then SIGKILL to what is left after 60 s. */
    @Override
    public void close() throws Exception {
        if (states != null) {
            states.close();
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            Bench.log("syncfleet (pid %d) still running 60 s after SIGTERM; killing it", process.pid());
            process.destroyForcibly().waitFor();
        }
        for (ProcessHandle c : children) {
            c.destroyForcibly();
        }
        OnExit.forget(process);
    }
}

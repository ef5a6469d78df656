package io.syncfleet.broker;

import io.syncfleet.common.lock.DirLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (broker and controller roles) running inside this JVM, for
 * {@code kafka.bootstrap: embedded} and for tests.
 *
 * <p>Lifecycle: {@link #start} locks the data dir ({@code broker.lock} with the pid), formats the log
 * dir the first time only, starts the server and waits until it answers. {@link #close} stops it and
 * releases the lock; data is kept, so a later start on the same dir sees every record.
 */
public final class EmbeddedBroker implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String META_PROPERTIES = "meta.properties";
    /** In the data dir: locked by the process that runs the broker, holding its pid. */
    static final String LOCK_FILE = "broker.lock";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final EmbeddedBrokerSettings settings;
    private final KafkaRaftServer server;
    private final DirLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(EmbeddedBrokerSettings settings, KafkaRaftServer server, DirLock lock) {
        this.settings = settings;
        this.server = server;
        this.lock = lock;
    }

    /**
     * Starts the broker and waits up to 30 s until it is ready.
     *
     * @throws BrokerException when the data dir is locked by another broker, a port is taken, or the
     *     broker does not start or become ready
     */
    public static EmbeddedBroker start(EmbeddedBrokerSettings settings) {
        long began = System.nanoTime();
        DirLock lock = lock(settings);
        KafkaRaftServer server = null;
        try {
            checkPortFree(settings.port(), "client port");
            checkPortFree(settings.controllerPort(), "controller port");
            if (settings.exitProceduresThrow()) {
                makeExitProceduresThrow();
            }
            kafka.server.KafkaConfig config = kafka.server.KafkaConfig.fromProps(BrokerProperties.of(settings), false);
            formatOnce(settings, config);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedBroker broker = new EmbeddedBroker(settings, server, lock);
            broker.awaitReady(START_TIMEOUT);
            LOG.info("embedded broker ready on [{}] with data dir [{}] after {} ms", settings.bootstrapServers(),
                    settings.dataDir(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            return broker;
        } catch (RuntimeException | IOException e) {
            stopQuietly(server);
            closeQuietly(lock);
            throw translate(settings, e);
        }
    }

    /** {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public EmbeddedBrokerSettings settings() {
        return settings;
    }

    /**
     * Polls {@code describeCluster} until the broker lists itself.
     *
     * @throws BrokerException when it does not within {@code timeout}
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "syncfleet-broker-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200))) {
            while (System.nanoTime() < deadline) {
                long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(remainingMs, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BrokerException("interrupted while waiting for the embedded broker", e);
                }
                pause();
            }
        }
        throw new BrokerException("embedded broker on " + bootstrapServers() + " not ready after "
                + timeout.toMillis() + " ms" + (last == null ? "" : ": " + last), last);
    }

    /** Stops the broker and releases the data dir; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
            LOG.info("embedded broker on [{}] stopped, data kept in [{}]", bootstrapServers(), settings.dataDir());
        } finally {
            closeQuietly(lock);
        }
    }

    /**
     * The pid of the process that holds {@code dataDir}'s broker lock (this JVM's pid when a broker in
     * this JVM holds it), or empty when no broker runs on it.
     */
    public static Optional<Long> lockHolderPid(Path dataDir) {
        try {
            return DirLock.holder(dataDir, LOCK_FILE);
        } catch (IOException e) {
            throw new BrokerException("cannot read the broker lock in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static DirLock lock(EmbeddedBrokerSettings s) {
        DirLock.Acquired acquired;
        try {
            Files.createDirectories(s.dataDir());
            acquired = DirLock.acquire(s.dataDir(), LOCK_FILE);
        } catch (IOException e) {
            throw new BrokerException("cannot lock embedded broker data dir " + s.dataDir() + ": " + e, e);
        }
        if (acquired.lock() == null) {
            String pid = acquired.holderPid() < 0 ? "an unknown pid" : "pid " + acquired.holderPid();
            throw new BrokerException("embedded broker data dir " + s.dataDir() + " is in use by " + pid
                    + " (another syncfleet run or broker); stop it, or point kafka.bootstrap at "
                    + s.bootstrapServers());
        }
        return acquired.lock();
    }

    private static void checkPortFree(int port, String role) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw portInUse(port, role, e);
        }
    }

    private static BrokerException portInUse(int port, String role, Throwable cause) {
        return new BrokerException("embedded broker " + role + " " + HOST + ":" + port
                + " is already in use; stop what listens there, or set kafka.embeddedPort to a free port"
                + " (the controller uses the next one)", cause);
    }

    /** Formats the log dir with a new cluster id unless it was formatted before: re-formatting fails. */
    private static void formatOnce(EmbeddedBrokerSettings s, kafka.server.KafkaConfig config) throws IOException {
        Path logDir = BrokerProperties.logDir(s.dataDir());
        if (Files.exists(logDir.resolve(META_PROPERTIES))) {
            return;
        }
        Files.createDirectories(logDir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String clusterId = Uuid.randomUuid().toString();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                    .addDirectory(logDir.toAbsolutePath().toString())
                    .run();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new BrokerException("cannot format embedded broker log dir " + logDir + ": " + e.getMessage(), e);
        }
        LOG.info("formatted embedded broker log dir [{}] as cluster [{}] because it had no {}", logDir, clusterId,
                META_PROPERTIES);
        LOG.debug("formatter output: {}", out.toString(StandardCharsets.UTF_8).trim());
    }

    /** Turns Kafka's exit and halt into exceptions in the calling thread (JVM-wide; for tests). */
    private static void makeExitProceduresThrow() {
        Exit.setExitProcedure((code, message) -> {
            throw new BrokerException("embedded broker asked to exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new BrokerException("embedded broker asked to halt(" + code + "): " + message);
        });
    }

    private static BrokerException translate(EmbeddedBrokerSettings s, Exception e) {
        if (e instanceof BrokerException b) {
            return b;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            if (t instanceof BindException || msg.contains("Address already in use")) {
                int port = msg.contains(":" + s.controllerPort()) ? s.controllerPort() : s.port();
                return portInUse(port, port == s.port() ? "client port" : "controller port", e);
            }
        }
        return new BrokerException("embedded broker with data dir " + s.dataDir() + " failed to start: " + e, e);
    }

    private static void stopQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("embedded broker shutdown after a failed start also failed: {}", e.toString());
        }
    }

    private static void closeQuietly(DirLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("cannot release broker lock: {}", e.toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while waiting for the embedded broker", e);
        }
    }
}

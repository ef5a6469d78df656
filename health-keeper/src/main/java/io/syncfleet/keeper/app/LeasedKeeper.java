package io.syncfleet.keeper.app;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.keeper.kafka.KeeperLease;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A health keeper that runs only while it holds the fleet's {@link KeeperLease}: start several (on several
 * hosts) and one is active, the others stand by and take over when it stops or dies. A takeover is a keeper
 * start: the new one restores every target from the {@code targets} topic.
 *
 * <p>{@link #start()} waits for the group's first decision. Active: the keeper is started before it returns,
 * and its start failing fails this start. Standby: it returns at once. Later gains start a keeper on the
 * {@code keeper-leader} thread (a failed start is tried again every {@link #RETRY} while the lease is held);
 * a loss stops the keeper before the lease goes to another member, so two keepers are never active at once
 * from this side (a member that froze past its session is stopped when it wakes).
 */
public final class LeasedKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeasedKeeper.class);
    static final Duration FIRST_DECISION = Duration.ofSeconds(60);
    static final Duration RETRY = Duration.ofSeconds(5);
    /** How long a dead active keeper holds the lease before a standby takes over. */
    static final int SESSION_TIMEOUT_MS = 10_000;

    private final Topics topics;
    private final KafkaClients clients;
    private final Clock clock;
    private final ExecutorService leaderThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keeper-leader");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Boolean> firstDecision = new CompletableFuture<>();
    private volatile SyncfleetConfig config;
    private volatile HealthKeeper keeper;
    private KeeperLease lease;
    private volatile boolean closed;

    public LeasedKeeper(SyncfleetConfig config, Topics topics, KafkaClients clients, Clock clock) {
        this.config = config;
        this.topics = topics;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * Joins the lease group and waits for its first decision; when this member is active, starts the keeper.
     *
     * @throws Exception when the group gives no decision within {@link #FIRST_DECISION} (Kafka unreachable), or
     *     the keeper's own start fails
     */
    public synchronized void start() throws Exception {
        Map<String, Object> props = clients.consumer(topics.prefix() + "-keeper-lease", topics.keeperLeaseGroup());
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SESSION_TIMEOUT_MS / 5);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        lease = new KeeperLease(new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                topics.name(Topics.REQUESTS), this::onLease);
        lease.start();
        boolean active;
        try {
            active = firstDecision.get(FIRST_DECISION.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("the health keeper got no answer from Kafka's group coordinator within "
                    + FIRST_DECISION.toSeconds() + " s (group " + topics.keeperLeaseGroup() + "); check the broker");
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        LOG.info("health keeper {}", active ? "is the fleet's active keeper"
                : "stands by: another keeper holds the lease of group " + topics.keeperLeaseGroup());
    }

    /** On the lease thread, inside poll. */
    private void onLease(boolean leader) {
        if (!leader) {
            firstDecision.complete(false);
            await(leaderThread.submit(this::stopKeeper));
            return;
        }
        if (!firstDecision.isDone()) {
            // the first start runs here, so that start() reports its failure
            Future<?> first = leaderThread.submit(() -> {
                try {
                    startKeeper();
                    firstDecision.complete(true);
                } catch (Exception e) {
                    firstDecision.completeExceptionally(e);
                }
            });
            await(first);
        } else {
            leaderThread.submit(this::startUntilDone);
        }
    }

    private void startKeeper() throws Exception {
        HealthKeeper k = new HealthKeeper(config, topics, clients, clock);
        k.start();
        keeper = k;
    }

    /** A gain after the first decision: keep trying while the lease is held. */
    private void startUntilDone() {
        while (!closed && lease.leader() && keeper == null) {
            try {
                startKeeper();
                LOG.info("health keeper took over the fleet");
                return;
            } catch (Exception e) {
                LOG.warn("health keeper holds the lease but could not start; trying again in {} s: {}",
                        RETRY.toSeconds(), e.toString());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void stopKeeper() {
        HealthKeeper k = keeper;
        keeper = null;
        if (k != null) {
            k.close();
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("health keeper start or stop failed: {}", e.getCause().toString());
        }
    }

    /** True while this keeper is the fleet's active one. */
    public boolean active() {
        return keeper != null;
    }

    /** The active keeper's view of every target; empty on a standby. */
    public List<TargetHealthView> status() {
        HealthKeeper k = keeper;
        return k == null ? List.of() : k.status();
    }

    /** A reloaded config: the active keeper is restarted with it without giving up the lease. */
    public synchronized void reload(SyncfleetConfig next) throws Exception {
        config = next;
        Future<?> f = leaderThread.submit(() -> {
            if (keeper != null) {
                stopKeeper();
                startKeeper();
            }
            return null;
        });
        try {
            f.get();
        } catch (ExecutionException e) {
            leaderThread.submit(this::startUntilDone);
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Stops the keeper, then leaves the lease group: a standby takes over at once. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (lease != null) {
            lease.close(); // its thread stops the keeper (leader(false)) before the consumer leaves the group
        }
        await(leaderThread.submit(this::stopKeeper));
        leaderThread.shutdown();
    }
}

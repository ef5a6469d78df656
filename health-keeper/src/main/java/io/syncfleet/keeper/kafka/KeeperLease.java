package io.syncfleet.keeper.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which keeper of a fleet is the active one: the member of the consumer group
 * {@code Topics.keeperLeaseGroup()} that is assigned the one partition of {@code requests}. Every other
 * member is a standby. The group's coordinator does the election; a member that leaves (a clean stop) hands
 * the partition over at once, one that dies loses it when its session times out.
 *
 * <p>The consumer reads nothing: the partition is paused as soon as it is assigned, and the thread polls only
 * to take part in the group. With the cooperative sticky assignor a standby that joins does not take the
 * partition from the active keeper, nor make it stop and start again.
 *
 * <p>{@link Listener} callbacks run on the lease's thread, inside {@code poll}, and may block there: a loss is
 * acted on (the keeper stopped) before the partition goes to another member. The group's heartbeats go on
 * meanwhile; a callback longer than {@code max.poll.interval.ms} (5 min) would cost the lease.
 */
public final class KeeperLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeeperLease.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** Told what each rebalance decided for this member. */
    public interface Listener {
        /**
         * {@code true} once per gain of the lease; {@code false} when it is lost, and after every rebalance that
         * leaves this member a standby (so the first decision is always told).
         */
        void leader(boolean leader);
    }

    private final Consumer<?, ?> consumer;
    private final String topic;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean leader;

    /**
     * @param consumer a consumer with the lease group's id and the cooperative sticky assignor, not subscribed;
     *                 owned by the lease from now on
     * @param topic the {@code requests} topic's name (one partition)
     */
    public KeeperLease(Consumer<?, ?> consumer, String topic, Listener listener) {
        this.consumer = consumer;
        this.topic = topic;
        this.listener = listener;
        this.thread = new Thread(this::run, "keeper-lease");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True while this member holds the lease. */
    public boolean leader() {
        return leader;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (!stopping) {
                try {
                    consumer.poll(POLL);
                } catch (WakeupException e) {
                    // close(): the while decides
                } catch (KafkaException e) {
                    LOG.warn("keeper lease: poll failed, trying again: {}", e.toString());
                    sleepQuietly();
                }
            }
        } catch (RuntimeException e) {
            LOG.error("keeper lease stopped by an unexpected error: this keeper stops being active", e);
        } finally {
            lose("the lease is closed");
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("keeper lease consumer did not close cleanly: {}", e.toString());
            }
        }
    }

    private void lose(String why) {
        if (leader) {
            leader = false;
            LOG.info("keeper lease lost ({}): this keeper stops", why);
            listener.leader(false);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
            if (!partitions.isEmpty() && !leader) {
                leader = true;
                LOG.info("keeper lease taken: this keeper is the fleet's active one");
                listener.leader(true);
            } else if (!leader) {
                listener.leader(false);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                lose("handed to another keeper");
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                lose("the group's session expired");
            }
        }
    }

    /** Leaves the group (another keeper takes over at once) and waits for the thread. */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.syncfleet.worker.kafka;

import io.syncfleet.common.event.TargetStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which targets this worker owns: a member of the workers' consumer group on the compacted
 * {@code targets} topic owns exactly the targets whose records lie on its assigned partitions.
 *
 * <p>On assignment, each new partition is read again from its beginning up to the end offset it had at
 * that moment, into a table (last record per key wins, a tombstone removes); only then are its targets
 * handed to the listener, with their latest status, so a superseded status in the log (an old command,
 * an old state) is never acted upon. After that every record is handed on as it arrives. On revocation or
 * loss the listener releases the partition's targets, before the partition can go to another worker.
 * Offsets of this group are never committed: a partition is always re-read from the beginning.
 *
 * <p>One thread owns the consumer; the listener runs on it. {@link #close()} revokes everything
 * (the listener stops the loops gracefully) and leaves the group, so another worker takes over at once;
 * {@link #halt()} leaves nothing, as a crash would, and the group's coordinator reassigns the partitions
 * after {@code session.timeout.ms}.
 */
public final class TargetOwnership implements AutoCloseable {

    /** Told, on the ownership thread, about the owned targets. */
    public interface Listener {
        /** @param status the owned target's latest status, or null when it was removed from the fleet */
        void onTarget(String targetId, TargetStatus status);

        /**
         * The targets are no longer owned: return only once their loops are stopped (their progress is
         * committed; lost targets' loops are halted without a final commit), because another worker may start
         * them as soon as this returns.
         *
         * @param lost true when the partitions were lost (this member was dropped from the group): another
         *             worker may own them already
         */
        void onReleased(Set<String> targetIds, boolean lost);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TargetOwnership.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long END_UNKNOWN = -1;

    private final Consumer<String, TargetStatus> consumer;
    private final String topic;
    private final Listener listener;
    private final Thread thread;

    // ownership thread only
    private final Map<TopicPartition, Map<String, TargetStatus>> table = new HashMap<>();
    private final Map<TopicPartition, Long> loadingUntil = new HashMap<>();

    private volatile boolean closing;
    private volatile boolean halting;
    private volatile int ownedPartitions;

    /**
     * @param consumer a consumer in the workers' group, with the cooperative-sticky assignor; owned by this
     *                 class from now on
     * @param topic the targets topic's name, from {@code Topics.name(Topics.TARGETS)}
     */
    public TargetOwnership(Consumer<String, TargetStatus> consumer, String topic, Listener listener) {
        this.consumer = consumer;
        this.topic = topic;
        this.listener = listener;
        this.thread = new Thread(this::run, "targets-ownership");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Partitions of the targets topic assigned to this worker now. */
    public int ownedPartitions() {
        return ownedPartitions;
    }

    private void run() {
        try {
            open();
            while (!closing) {
                if (!turn()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.error("stopped following targets topic [{}] after an unexpected error; this worker owns no more "
                    + "targets until it restarts", topic, e);
        } finally {
            close(consumer);
        }
    }

    /** Joins the workers' group. Called by the ownership thread before its first {@link #turn()}. */
    void open() {
        consumer.subscribe(List.of(topic), new Rebalance());
    }

    /** One poll; false when following must stop. Only the thread that owns the consumer calls it. */
    boolean turn() {
        try {
            ConsumerRecords<String, TargetStatus> records = consumer.poll(POLL);
            for (ConsumerRecord<String, TargetStatus> r : records) {
                if (halting) {
                    return false;
                }
                apply(r);
            }
            finishLoading();
        } catch (WakeupException e) {
            // close() or halt() was called
        } catch (RecordDeserializationException e) {
            LOG.error("targets topic [{}] partition [{}] offset [{}] cannot be read, skipped: {}", topic,
                    e.topicPartition().partition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        } catch (AuthenticationException | AuthorizationException e) {
            LOG.error("stopped following targets topic [{}]: {}; fix kafka.properties and restart", topic,
                    e.getMessage());
            return false;
        } catch (KafkaException e) {
            LOG.warn("polling targets topic [{}] failed, going on: {}", topic, e.toString());
        }
        return !halting;
    }

    private void apply(ConsumerRecord<String, TargetStatus> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Map<String, TargetStatus> targets = table.get(tp);
        if (targets == null) {
            return; // revoked since the fetch
        }
        if (r.key() == null) {
            LOG.warn("targets topic [{}] record at partition [{}] offset [{}] has no key (target id): ignored", topic,
                    r.partition(), r.offset());
            return;
        }
        if (r.value() == null) {
            targets.remove(r.key());
        } else {
            targets.put(r.key(), r.value());
        }
        if (!loadingUntil.containsKey(tp)) {
            deliver(r.key(), r.value());
        }
    }

    /** Hands on the table of each partition that has been read up to its end offset at assignment. */
    private void finishLoading() {
        if (loadingUntil.isEmpty()) {
            return;
        }
        resolveEnds();
        for (TopicPartition tp : List.copyOf(loadingUntil.keySet())) {
            if (loadingUntil.get(tp) == END_UNKNOWN) {
                continue;
            }
            long position;
            try {
                position = consumer.position(tp, Duration.ofSeconds(1));
            } catch (KafkaException e) {
                continue; // not known yet: next poll
            }
            if (position >= loadingUntil.get(tp)) {
                loadingUntil.remove(tp);
                Map<String, TargetStatus> targets = table.get(tp);
                if (targets.isEmpty()) {
                    LOG.debug("owning partition [{}] of [{}]: no targets on it yet", tp.partition(), topic);
                } else {
                    LOG.info("owning partition [{}] of [{}]: targets {}", tp.partition(), topic,
                            new TreeSet<>(targets.keySet()));
                }
                for (Map.Entry<String, TargetStatus> e : targets.entrySet()) {
                    deliver(e.getKey(), e.getValue());
                }
            }
        }
    }

    /** Captures the end offsets of newly assigned partitions; on failure, the next poll tries again. */
    private void resolveEnds() {
        List<TopicPartition> unknown = loadingUntil.entrySet().stream().filter(e -> e.getValue() == END_UNKNOWN)
                .map(Map.Entry::getKey).toList();
        if (unknown.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(unknown, Duration.ofSeconds(10));
            unknown.forEach(tp -> loadingUntil.put(tp, ends.getOrDefault(tp, 0L)));
        } catch (KafkaException e) {
            LOG.warn("cannot read the end offsets of partitions {} of [{}], retrying: {}", unknown, topic,
                    e.toString());
        }
    }

    private void deliver(String id, TargetStatus status) {
        try {
            listener.onTarget(id, status);
        } catch (RuntimeException e) {
            LOG.error("handling target [{}] from [{}] failed; following goes on", id, topic, e);
        }
    }

    /** Stops gracefully: the owned targets are released (their loops stopped), then the group is left. */
    @Override
    public void close() {
        closing = true;
        stopThread();
    }

    /**
     * Stops at once as a crash would: the listener is not told, the group is not left; the coordinator
     * drops this member after {@code session.timeout.ms} and another worker takes its partitions.
     */
    public void halt() {
        halting = true;
        closing = true;
        stopThread();
    }

    private void stopThread() {
        if (thread.getState() == Thread.State.NEW) {
            close(consumer);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofMinutes(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("targets ownership thread still running 2 min after close");
        }
    }

    private void close(Consumer<String, TargetStatus> c) {
        try {
            c.close(halting ? CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP).withTimeout(Duration.ZERO)
                    : CloseOptions.timeout(Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            LOG.warn("targets consumer did not close cleanly: {}", e.toString());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty() || halting) {
                return;
            }
            consumer.seekToBeginning(partitions);
            for (TopicPartition tp : partitions) {
                table.put(tp, new LinkedHashMap<>());
                loadingUntil.put(tp, END_UNKNOWN);
            }
            ownedPartitions = table.size();
            LOG.info("assigned partitions {} of [{}]: reading their targets from the beginning",
                    partitions.stream().map(TopicPartition::partition).sorted().toList(), topic);
            finishLoading();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions, false);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions, true);
        }

        private void release(Collection<TopicPartition> partitions, boolean lost) {
            if (partitions.isEmpty() || halting) {
                return;
            }
            Set<String> ids = new TreeSet<>();
            for (TopicPartition tp : partitions) {
                Map<String, TargetStatus> targets = table.remove(tp);
                loadingUntil.remove(tp);
                if (targets != null) {
                    ids.addAll(targets.keySet());
                }
            }
            ownedPartitions = table.size();
            LOG.info("{} partitions {} of [{}]: releasing targets {}", lost ? "lost" : "revoked",
                    partitions.stream().map(TopicPartition::partition).sorted().toList(), topic, ids);
            if (!ids.isEmpty()) {
                listener.onReleased(ids, lost);
            }
        }
    }
}

package io.syncfleet.worker.kafka;

import io.syncfleet.common.event.TargetStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted {@code targets} topic from its beginning and hands every record to a listener:
 * the latest {@link TargetStatus} of a target, or null when the target was removed (a tombstone).
 *
 * <p>It reads with {@code assign}, not in a group: every worker sees every target. One thread owns the
 * consumer; {@link #close()} wakes it and waits for it.
 */
public final class TargetFollower implements AutoCloseable {

    /** Receives target changes, on the follower's thread, in topic order. */
    @FunctionalInterface
    public interface Listener {
        /** @param status the target's latest status, or null when it was removed from the fleet */
        void onTarget(String targetId, TargetStatus status);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TargetFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<String, TargetStatus> consumer;
    private final String topic;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean closing;

    /**
     * @param consumer a consumer without a group, owned by this follower from now on
     * @param topic the targets topic's name, from {@code Topics.name(Topics.TARGETS)}
     */
    public TargetFollower(Consumer<String, TargetStatus> consumer, String topic, Listener listener) {
        this.consumer = consumer;
        this.topic = topic;
        this.listener = listener;
        this.thread = new Thread(this::run, "targets-follower");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            if (!assignAll()) {
                return;
            }
            while (!closing) {
                try {
                    ConsumerRecords<String, TargetStatus> records = consumer.poll(POLL);
                    for (ConsumerRecord<String, TargetStatus> r : records) {
                        deliver(r);
                    }
                } catch (WakeupException e) {
                    // close() was called
                } catch (RecordDeserializationException e) {
                    LOG.error("targets topic [{}] partition [{}] offset [{}] cannot be read, skipped: {}", topic,
                            e.topicPartition().partition(), e.offset(), e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                } catch (AuthenticationException | AuthorizationException e) {
                    LOG.error("stopped following targets topic [{}]: {}; fix kafka.properties and restart", topic,
                            e.getMessage());
                    return;
                } catch (KafkaException e) {
                    LOG.warn("polling targets topic [{}] failed, going on: {}", topic, e.toString());
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void deliver(ConsumerRecord<String, TargetStatus> r) {
        if (r.key() == null) {
            LOG.warn("targets topic [{}] record at partition [{}] offset [{}] has no key (target id): ignored", topic,
                    r.partition(), r.offset());
            return;
        }
        try {
            listener.onTarget(r.key(), r.value());
        } catch (RuntimeException e) {
            LOG.error("handling target [{}] from [{}] offset [{}] failed; following goes on", r.key(), topic,
                    r.offset(), e);
        }
    }

    /** Waits for the topic to exist, then reads all its partitions from the beginning. */
    private boolean assignAll() {
        while (!closing) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    List<TopicPartition> parts = infos.stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                    consumer.assign(parts);
                    consumer.seekToBeginning(parts);
                    LOG.debug("following targets topic [{}] ({} partitions) from the beginning", topic, parts.size());
                    return true;
                }
                LOG.warn("targets topic [{}] does not exist yet: waiting for it", topic);
                TimeUnit.SECONDS.sleep(1);
            } catch (WakeupException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (KafkaException e) {
                LOG.warn("cannot describe targets topic [{}], retrying: {}", topic, e.toString());
            }
        }
        return false;
    }

    @Override
    public void close() {
        closing = true;
        if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.syncfleet.worker.kafka;

import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.TopicPartitions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which targets are in the fleet, from the compacted {@code targets} topic: a target is in it while its latest
 * record is a status, and has left it once that is a removal (tombstone), or once compaction dropped even that.
 *
 * <p>Read on demand, and at most every {@link #REFRESH}: each refresh reads what was appended since the last
 * one, up to the end offsets of that moment. Used by one thread (the dustbin retrier's), only after a retry
 * found its target down, so the topic is not read while nothing fails.
 */
public final class TargetRoster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetRoster.class);
    static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    private final Consumer<String, TargetStatus> consumer;
    private final String topic;
    private final Clock clock;
    private final Map<String, Boolean> present = new HashMap<>();
    private long readAtMillis = Long.MIN_VALUE;
    private boolean assigned;

    /**
     * @param consumer a consumer with no group, not subscribed; owned by the roster from now on
     * @param topic the targets topic's name
     */
    public TargetRoster(Consumer<String, TargetStatus> consumer, String topic, Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.clock = clock;
    }

    /**
     * True only when the topic was read to its end just now (or within {@link #REFRESH}) and the target is not
     * in the fleet. False while it is, and when Kafka cannot tell: a target is never taken for gone on a guess.
     */
    public boolean gone(String targetId) {
        try {
            refresh();
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("cannot read [{}] to tell whether target [{}] left the fleet; taking it as still there: {}",
                    topic, targetId, e.toString());
            return false;
        }
        return !present.getOrDefault(targetId, false);
    }

    private void refresh() {
        long now = clock.millis();
        if (readAtMillis != Long.MIN_VALUE && now - readAtMillis < REFRESH.toMillis()) {
            return;
        }
        List<TopicPartition> parts = TopicPartitions.of(consumer, topic, READ_LIMIT);
        if (!assigned || !consumer.assignment().containsAll(parts)) {
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            present.clear();
            assigned = true;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, READ_LIMIT);
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (parts.stream().anyMatch(tp -> consumer.position(tp, READ_LIMIT) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("[" + topic + "] not read to its end within " + READ_LIMIT.toSeconds()
                        + " s");
            }
            for (ConsumerRecord<String, TargetStatus> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key() != null) {
                    present.put(r.key(), r.value() != null);
                }
            }
        }
        readAtMillis = now;
    }

    @Override
    public void close() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("targets roster consumer did not close cleanly: {}", e.toString());
        }
    }
}

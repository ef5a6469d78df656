package io.syncfleet.keeper.kafka;

import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.TopicPartitions;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.keeper.domain.CommandNumbers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of the compacted {@code targets} topic from its beginning to its current end:
 * the latest status of every target (tombstones remove a target) and the highest command number each
 * target ever showed. The consumer is assigned, not subscribed: no group is involved.
 */
public final class TargetTableReader {

    private final Consumer<String, TargetStatus> consumer;
    private final String topic;
    private final int partitions;

    public TargetTableReader(Consumer<String, TargetStatus> consumer, Topics topics) {
        this.consumer = consumer;
        this.topic = topics.name(Topics.TARGETS);
        this.partitions = topics.partitions(Topics.TARGETS);
    }

    public TargetTable readAll(Duration timeout) {
        List<TopicPartition> parts = TopicPartitions.of(consumer, topic, timeout);
        if (parts.isEmpty()) {
            throw new IllegalStateException("topic [" + topic + "] has no partitions (expected " + partitions
                    + "); are the topics installed?");
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
        Map<String, TargetStatus> latest = new HashMap<>();
        Map<String, Long> numbers = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read topic [" + topic + "] to its end within " + timeout);
            }
            for (ConsumerRecord<String, TargetStatus> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null) {
                    latest.remove(r.key());
                } else {
                    latest.put(r.key(), r.value());
                    numbers.merge(r.key(), CommandNumbers.highestIn(r.value()), Math::max);
                }
            }
        }
        return new TargetTable(latest, numbers);
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}

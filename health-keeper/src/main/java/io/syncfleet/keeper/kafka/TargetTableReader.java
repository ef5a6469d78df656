package io.syncfleet.keeper.kafka;

import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the compacted {@code targets} topic from the beginning to its current end and returns the
 * latest status of every target (tombstones remove a target).
 */
public final class TargetTableReader {

    private final Consumer<String, TargetStatus> consumer;
    private final String topic;

    public TargetTableReader(Consumer<String, TargetStatus> consumer, Topics topics) {
        this.consumer = consumer;
        this.topic = topics.name(Topics.TARGETS);
    }

    public Map<String, TargetStatus> readAll(Duration timeout) {
        List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
        Map<String, TargetStatus> table = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read topic [" + topic + "] to its end within " + timeout);
            }
            for (ConsumerRecord<String, TargetStatus> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null) {
                    table.remove(r.key());
                } else {
                    table.put(r.key(), r.value());
                }
            }
        }
        return table;
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

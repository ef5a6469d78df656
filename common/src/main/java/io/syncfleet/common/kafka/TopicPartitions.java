package io.syncfleet.common.kafka;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** A topic's partitions as the {@link TopicPartition}s a consumer assigns and seeks. */
public final class TopicPartitions {

    private TopicPartitions() {
    }

    /**
     * Every partition of {@code topic} in the broker's metadata, asked through {@code consumer}; empty when
     * the broker knows no such topic.
     *
     * @throws org.apache.kafka.common.errors.TimeoutException when the metadata does not come within {@code timeout}
     */
    public static List<TopicPartition> of(Consumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}

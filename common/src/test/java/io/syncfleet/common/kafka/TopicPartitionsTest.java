package io.syncfleet.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TopicPartitionsTest {

    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

    @Test
    void everyPartitionOfTheTopicInTheBrokersOrder() {
        consumer.updatePartitions("t.changes", List.of(info("t.changes", 0), info("t.changes", 2), info("t.changes", 1)));

        assertEquals(List.of(new TopicPartition("t.changes", 0), new TopicPartition("t.changes", 2),
                new TopicPartition("t.changes", 1)), TopicPartitions.of(consumer, "t.changes", Duration.ofSeconds(1)));
    }

    @Test
    void aTopicTheBrokerDoesNotKnowHasNoPartitions() {
        consumer.updatePartitions("t.changes", List.of(info("t.changes", 0)));

        assertEquals(List.of(), TopicPartitions.of(consumer, "t.reports", Duration.ofSeconds(1)));
    }

    private static PartitionInfo info(String topic, int partition) {
        return new PartitionInfo(topic, partition, null, new Node[0], new Node[0]);
    }
}

package io.syncfleet.kafka;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.kafka.TopicPartitions;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.ChangePartitioner;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what a trace needs: the change batches that may name a path, and every sync report, both
 * since a point in time. Only the partitions of {@code changes} that the path and its ancestors hash to
 * are read (a deletion is published as the topmost missing ancestor, a RESCAN as its root).
 */
public final class TraceReader {

    private final KafkaClients clients;
    private final Topics topics;

    public TraceReader(KafkaClients clients, Topics topics) {
        this.clients = clients;
        this.topics = topics;
    }

    public List<ChangeBatch> changes(RelPath path, long sinceMillis) {
        int partitions = topics.partitions(Topics.CHANGES); // as the watcher hashes
        TreeSet<Integer> wanted = new TreeSet<>();
        for (RelPath p = path; p != null; p = p.parent()) {
            wanted.add(ChangePartitioner.partitionOf(p, partitions));
        }
        String topic = topics.name(Topics.CHANGES);
        try (var consumer = new KafkaConsumer<>(clients.consumer("syncfleet-trace", null),
                Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer())) {
            return TopicWindow.read(consumer, wanted.stream().map(p -> new TopicPartition(topic, p)).toList(),
                    sinceMillis);
        }
    }

    public List<SyncReport> reports(long sinceMillis) {
        String topic = topics.name(Topics.REPORTS);
        try (var consumer = new KafkaConsumer<>(clients.consumer("syncfleet-trace", null),
                Topics.REPORTS.keySerde().deserializer(), Topics.REPORTS.valueSerde().deserializer())) {
            return TopicWindow.read(consumer, TopicPartitions.of(consumer, topic, Duration.ofSeconds(15)), sinceMillis);
        }
    }
}

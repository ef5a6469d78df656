package io.syncfleet.worker.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets on the {@code changes} topic and the targets' progress there, through the Admin API: what a
 * catch-up command needs to capture the end of the log, find the offsets at a time, and move a target's
 * consumer group.
 *
 * <p>Every method blocks up to the timeout given at construction and throws a {@link KafkaException}
 * when Kafka does not answer or refuses; callers retry. Offsets are read with {@code read_committed},
 * as the targets' consumers read.
 */
public final class ChangeOffsets {

    private final Admin admin;
    private final String topic;
    private final Duration timeout;
    private volatile List<TopicPartition> partitions;

    /**
     * @param admin shared, thread-safe; not closed by this class
     * @param topic the changes topic's name, from {@code Topics.name(Topics.CHANGES)}
     * @param timeout how long one call waits for Kafka
     */
    public ChangeOffsets(Admin admin, String topic, Duration timeout) {
        this.admin = admin;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Every partition of the changes topic (described once, then cached). */
    public List<TopicPartition> partitions() {
        List<TopicPartition> known = partitions;
        if (known == null) {
            TopicDescription d = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
            known = d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            partitions = known;
        }
        return known;
    }

    /** The end offset of every partition: the offset the next record will get. */
    public Map<TopicPartition, Long> endOffsets() {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (TopicPartition tp : partitions()) {
            specs.put(tp, OffsetSpec.latest());
        }
        return list(specs);
    }

    /**
     * For every partition, the offset of its first record with a timestamp at or after {@code millis}; the end
     * offset for a partition that has none (nothing there changed since).
     */
    public Map<TopicPartition, Long> offsetsAt(long millis) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (TopicPartition tp : partitions()) {
            specs.put(tp, OffsetSpec.forTimestamp(millis));
        }
        Map<TopicPartition, Long> at = list(specs);
        Map<TopicPartition, Long> ends = null;
        for (Map.Entry<TopicPartition, Long> e : at.entrySet()) {
            if (e.getValue() < 0) {
                if (ends == null) {
                    ends = endOffsets();
                }
                e.setValue(ends.get(e.getKey()));
            }
        }
        return at;
    }

    /** The committed offsets of {@code group} on the changes topic; empty when it has none (a new target). */
    public Map<TopicPartition, Long> committed(String group) {
        Map<TopicPartition, OffsetAndMetadata> all = get(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> out = new HashMap<>();
        all.forEach((tp, m) -> {
            if (m != null && tp.topic().equals(topic)) {
                out.put(tp, m.offset());
            }
        });
        return out;
    }

    /**
     * Sets the committed offsets of {@code group}. A target's loop never joins its group (it assigns its
     * partitions), so the group is always {@code Empty} and Kafka accepts this at once, even while the
     * loop runs: stop the loop first, or its next commit overwrites these offsets. Kafka refuses only while
     * some other client is a member of the group (one that subscribed with the group id, such as a worker of
     * an older version), which surfaces as a {@link KafkaException}.
     */
    public void commit(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
        offsets.forEach((tp, o) -> m.put(tp, new OffsetAndMetadata(o)));
        get(admin.alterConsumerGroupOffsets(group, m).all());
    }

    private Map<TopicPartition, Long> list(Map<TopicPartition, OffsetSpec> specs) {
        ListOffsetsResult r = admin.listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = get(r.all());
        Map<TopicPartition, Long> out = new HashMap<>();
        infos.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted waiting for Kafka", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof KafkaException k ? k : new KafkaException(String.valueOf(cause), cause);
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("no answer from Kafka within "
                    + timeout.toSeconds() + "s", e);
        }
    }
}

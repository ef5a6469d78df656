package io.syncfleet.keeper.kafka;

import io.syncfleet.common.topic.Topics;
import io.syncfleet.keeper.domain.ReplayWindow;
import io.syncfleet.keeper.domain.TargetBacklog;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot of every target's consumer group on {@code changes} ({@link TargetBacklog}): whether a replay
 * from its committed offsets is still possible, and its lag in records. {@link #refresh} asks Kafka
 * (Admin: the groups' committed offsets, and the log start and end offsets); it runs on the keeper's
 * scheduler every few seconds. The answers come from the last snapshot and never block, so the state
 * machine can ask at any moment.
 *
 * <p>A target not in the snapshot (just added, or Kafka not answering) is not replayable: its catch-up
 * is a full sync, which is always correct. A group whose offsets cannot be read keeps its last answer.
 */
public final class BacklogMonitor implements ReplayWindow {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogMonitor.class);

    private final Admin admin;
    private final Topics topics;
    private final List<TopicPartition> partitions;
    private final Duration timeout;
    private volatile Map<String, TargetBacklog> snapshot = Map.of();

    public BacklogMonitor(Admin admin, Topics topics, Duration timeout) {
        this.admin = admin;
        this.topics = topics;
        String changes = topics.name(Topics.CHANGES);
        this.partitions = IntStream.range(0, topics.partitions(Topics.CHANGES))
                .mapToObj(p -> new TopicPartition(changes, p)).toList();
        this.timeout = timeout;
    }

    /** Reads the offsets of the groups of {@code targetIds} and replaces the snapshot. */
    public void refresh(Collection<String> targetIds) throws InterruptedException, ExecutionException, TimeoutException {
        Map<Integer, Long> start = offsets(OffsetSpec.earliest());
        Map<Integer, Long> end = offsets(OffsetSpec.latest());
        Map<String, TargetBacklog> next = new HashMap<>();
        if (!targetIds.isEmpty()) {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            for (String id : targetIds) {
                specs.put(topics.targetGroup(id), new ListConsumerGroupOffsetsSpec().topicPartitions(partitions));
            }
            ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(specs);
            for (String id : targetIds) {
                KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> f =
                        result.partitionsToOffsetAndMetadata(topics.targetGroup(id));
                try {
                    Map<Integer, Long> committed = new HashMap<>();
                    f.get(timeout.toMillis(), TimeUnit.MILLISECONDS).forEach((tp, om) -> {
                        if (om != null) {
                            committed.put(tp.partition(), om.offset());
                        }
                    });
                    next.put(id, TargetBacklog.of(committed, start, end));
                } catch (ExecutionException e) {
                    LOG.debug("offsets of target [{}] not read, keeping the last answer: {}", id, e.getCause().toString());
                    TargetBacklog last = snapshot.get(id);
                    if (last != null) {
                        next.put(id, last);
                    }
                }
            }
        }
        snapshot = Map.copyOf(next);
    }

    private Map<Integer, Long> offsets(OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        partitions.forEach(p -> ask.put(p, spec));
        Map<TopicPartition, ListOffsetsResultInfo> info =
                admin.listOffsets(ask).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<Integer, Long> out = new HashMap<>();
        info.forEach((tp, i) -> out.put(tp.partition(), i.offset()));
        return out;
    }

    @Override
    public boolean committedOffsetInLog(String targetId) {
        TargetBacklog b = snapshot.get(targetId);
        return b != null && b.committedOffsetInLog();
    }

    /** Records the target's group has yet to consume, or -1 when not known yet. */
    public long lagRecords(String targetId) {
        TargetBacklog b = snapshot.get(targetId);
        return b == null ? -1 : b.lagRecords();
    }
}

package io.syncfleet.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the records of some partitions written since a point in time, up to the end offsets taken when
 * the read starts. The start is found with {@code offsetsForTimes}, so only the window is read, never
 * the whole topic.
 */
final class TopicWindow {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private TopicWindow() {
    }

    /** The values (tombstones skipped) of {@code parts} from {@code sinceMillis} to their current end. */
    static <V> List<V> read(Consumer<String, V> consumer, Collection<TopicPartition> parts, long sinceMillis) {
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, sinceMillis));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
        List<TopicPartition> todo = new ArrayList<>();
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp s = starts.get(tp);
            if (s != null && s.offset() < end.get(tp)) {
                todo.add(tp);
            }
        }
        List<V> out = new ArrayList<>();
        if (todo.isEmpty()) {
            return out;
        }
        consumer.assign(todo);
        todo.forEach(tp -> consumer.seek(tp, starts.get(tp).offset()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (todo.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading " + todo + " did not reach the end offsets within "
                        + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() != null && r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}

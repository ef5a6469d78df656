package io.syncfleet.keeper.app;

import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Test view of the {@code targets} topic: a thread of its own follows every partition from the beginning and
 * keeps each target's records in order (a tombstone as null).
 */
final class TargetsTopic implements AutoCloseable {

    private final KafkaConsumer<String, TargetStatus> consumer;
    private final Map<String, List<TargetStatus>> records = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    TargetsTopic(KafkaClients clients, Topics topics) {
        consumer = new KafkaConsumer<>(clients.consumer(topics.prefix() + "-it-targets", null),
                Topics.TARGETS.keySerde().deserializer(), Topics.TARGETS.valueSerde().deserializer());
        String topic = topics.name(Topics.TARGETS);
        List<TopicPartition> parts = new ArrayList<>();
        for (int p = 0; p < topics.partitions(Topics.TARGETS); p++) {
            parts.add(new TopicPartition(topic, p));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = new Thread(this::follow, "it-targets-topic");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<String, TargetStatus> r : consumer.poll(Duration.ofMillis(100))) {
                    List<TargetStatus> list = records.computeIfAbsent(r.key(), k -> new ArrayList<>());
                    synchronized (list) {
                        list.add(r.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Every record of the target so far, tombstones as null. */
    List<TargetStatus> history(String id) {
        List<TargetStatus> list = records.get(id);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    /** The target's latest status, or null if none or removed. */
    TargetStatus latest(String id) {
        List<TargetStatus> h = history(id);
        return h.isEmpty() ? null : h.get(h.size() - 1);
    }

    /** The states the target was published in, in order (tombstones left out). */
    List<TargetState> states(String id) {
        return history(id).stream().filter(Objects::nonNull).map(TargetStatus::state).toList();
    }

    /** True when the target's latest record is a tombstone. */
    boolean removed(String id) {
        List<TargetStatus> h = history(id);
        return !h.isEmpty() && h.get(h.size() - 1) == null;
    }

    /** True when the target's latest status is in {@code state}. */
    boolean isIn(String id, TargetState state) {
        TargetStatus s = latest(id);
        return s != null && s.state() == state;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}

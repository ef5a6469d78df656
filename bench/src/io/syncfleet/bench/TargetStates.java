package io.syncfleet.bench;

import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The health keeper's latest state of every target, as it publishes them to the compacted {@code targets}
 * topic, tailed by one consumer thread in the bench (no consumer group, so syncfleet's own groups and their
 * lag are untouched). A fetch answers as soon as a record is written, so a state shows here a few ms after
 * the keeper decided it.
 */
final class TargetStates implements AutoCloseable {

    private final Map<String, TargetState> states = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, TargetStatus> consumer;
    private final Thread thread;
    private volatile RuntimeException failure;

    TargetStates(KafkaClients clients, Topics topics) {
        String topic = topics.name(Topics.TARGETS);
        consumer = new KafkaConsumer<>(clients.consumer("bench-states", null),
                Topics.TARGETS.keySerde().deserializer(), Topics.TARGETS.valueSerde().deserializer());
        PipelineTrace.assignFromBeginning(consumer, topic);
        thread = new Thread(this::tail, "bench-states");
        thread.setDaemon(true);
        thread.start();
    }

    private void tail() {
        try {
            while (true) {
                for (ConsumerRecord<String, TargetStatus> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.value() == null) {
                        states.remove(r.key());
                    } else {
                        states.put(r.key(), r.value().state());
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() asked
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** The latest published state of target {@code id}, or null when none was published yet. */
    TargetState get(String id) {
        if (failure != null) {
            throw new IllegalStateException("reading the targets topic failed: " + failure, failure);
        }
        return states.get(id);
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}

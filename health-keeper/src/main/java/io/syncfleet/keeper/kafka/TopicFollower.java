package io.syncfleet.keeper.kafka;

import io.syncfleet.common.kafka.TopicPartitions;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of the keeper's followers ({@link ReportFollower}, {@link RequestFollower}). One thread owns
 * the consumer: it runs {@code beforeFirstPoll}, then hands every non-empty poll to the handler until
 * {@link #stop}, and closes the consumer at the end.
 *
 * <p>Errors of a poll (or of the handler's Kafka calls): a record that cannot be read is skipped with a
 * warning; any other Kafka error is logged and polling goes on; an interrupt of the handler ends the loop.
 */
final class TopicFollower<V> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    /** What to do with a polled batch, on the consumer's thread. */
    @FunctionalInterface
    interface Handler<V> {
        void handle(ConsumerRecords<String, V> records) throws InterruptedException;
    }

    private final Consumer<String, V> consumer;
    private final String topic;
    private final String recordName;
    private final Runnable beforeFirstPoll;
    private final Handler<V> handler;
    private volatile boolean running = true;

    /**
     * @param recordName what a record is, for log lines ({@code report}, {@code request})
     * @param beforeFirstPoll run on the consumer's thread first, e.g. a subscribe
     */
    TopicFollower(Consumer<String, V> consumer, String topic, String recordName, Runnable beforeFirstPoll,
                  Handler<V> handler) {
        this.consumer = consumer;
        this.topic = topic;
        this.recordName = recordName;
        this.beforeFirstPoll = beforeFirstPoll;
        this.handler = handler;
    }

    @Override
    public void run() {
        try {
            beforeFirstPoll.run();
            while (running) {
                try {
                    ConsumerRecords<String, V> records = consumer.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        handler.handle(records);
                    }
                } catch (RecordDeserializationException e) {
                    LOG.warn("skipping unreadable {} at [{}] offset {}: {}", recordName, e.topicPartition(), e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (KafkaException e) {
                    LOG.warn("polling [{}] failed, polling on: {}", topic, e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** A handler that gives each non-null record to {@code each}. */
    static <V> Handler<V> eachValue(java.util.function.Consumer<ConsumerRecord<String, V>> each) {
        return records -> {
            for (ConsumerRecord<String, V> r : records) {
                if (r.value() != null) {
                    each.accept(r);
                }
            }
        };
    }

    /** Assigns every partition of {@code topic} at its current end, resolved now (records sent later are seen). */
    static void assignAtEnd(Consumer<String, ?> consumer, String topic, Duration timeout) {
        List<TopicPartition> parts = TopicPartitions.of(consumer, topic, timeout);
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(p -> consumer.position(p, timeout));
    }

    /** True until {@link #stop}. */
    boolean running() {
        return running;
    }

    /** Ends the loop; the consumer is closed by its thread. */
    void stop() {
        running = false;
        consumer.wakeup();
    }
}

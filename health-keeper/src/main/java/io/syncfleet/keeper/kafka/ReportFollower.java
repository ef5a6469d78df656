package io.syncfleet.keeper.kafka;

import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code reports} topic from its end as it was at {@link #start}: every partition assigned, no
 * group (the keeper only cares about what workers report from now on; reports from before it started
 * concern commands and states it no longer has). Each report goes to the sink on this thread.
 *
 * <p>One thread owns the consumer. Errors of a poll: a record that cannot be read is skipped with a
 * warning; any other Kafka error is logged and polling goes on; {@link #stop} ends the loop.
 */
public final class ReportFollower implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportFollower.class);

    private final org.apache.kafka.clients.consumer.Consumer<String, SyncReport> consumer;
    private final String topic;
    private final Consumer<SyncReport> sink;
    private volatile boolean running = true;

    public ReportFollower(org.apache.kafka.clients.consumer.Consumer<String, SyncReport> consumer, Topics topics,
                          Consumer<SyncReport> sink) {
        this.consumer = consumer;
        this.topic = topics.name(Topics.REPORTS);
        this.sink = sink;
    }

    /** Assigns every partition at its current end; call before the thread starts. */
    public void start(Duration timeout) {
        List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(p -> consumer.position(p, timeout)); // resolve now: reports sent after start are seen
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, SyncReport> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.value() != null) {
                            sink.accept(r.value());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    LOG.warn("skipping unreadable report at [{}] offset {}: {}", e.topicPartition(), e.offset(),
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
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Ends the loop; the consumer is closed by its thread. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }
}

package io.syncfleet.keeper.kafka;

import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@code targets} topic, keyed by target id: a status per change, a tombstone per removed
 * target. The producer is idempotent with acks=all, so one keeper's writes for a target stay in order.
 * Sends are asynchronous; a failed send is logged with the target and counted.
 */
public final class StatusPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final Producer<String, TargetStatus> producer;
    private final String topic;
    private final AtomicLong failures = new AtomicLong();

    public StatusPublisher(Producer<String, TargetStatus> producer, Topics topics) {
        this.producer = producer;
        this.topic = topics.name(Topics.TARGETS);
    }

    public void publish(TargetStatus status) {
        send(status.targetId(), status, status.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Removes the target from the compacted topic. */
    public void tombstone(String targetId) {
        send(targetId, null, "tombstone");
    }

    private void send(String targetId, TargetStatus value, String what) {
        producer.send(new ProducerRecord<>(topic, targetId, value), (meta, e) -> {
            if (e != null) {
                failures.incrementAndGet();
                LOG.error("cannot publish {} of target [{}] to [{}]: {}", what, targetId, topic, e.toString());
            }
        });
    }

    /** Waits until every send so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    /** Sends that failed so far. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

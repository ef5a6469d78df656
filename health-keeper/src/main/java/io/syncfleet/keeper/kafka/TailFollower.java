package io.syncfleet.keeper.kafka;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows a topic from its end as it was at {@link #start}: every partition assigned, no group. Each non-null
 * record goes to the sink on the follower's thread.
 *
 * <p>One thread owns the consumer; poll errors are handled by {@link TopicFollower}: a record that cannot be
 * read is skipped with a warning; any other Kafka error is logged and polling goes on; {@link #stop} ends the
 * loop.
 */
public class TailFollower<V> implements Runnable {

    private final org.apache.kafka.clients.consumer.Consumer<String, V> consumer;
    private final String topic;
    private final TopicFollower<V> loop;

    /** @param recordName what a record is, for log lines */
    TailFollower(org.apache.kafka.clients.consumer.Consumer<String, V> consumer, String topic, String recordName,
                 Consumer<ConsumerRecord<String, V>> each) {
        this.consumer = consumer;
        this.topic = topic;
        this.loop = new TopicFollower<>(consumer, topic, recordName, () -> { }, TopicFollower.eachValue(each));
    }

    /** Assigns every partition at its current end; call before the thread starts. */
    public void start(Duration timeout) {
        TopicFollower.assignAtEnd(consumer, topic, timeout);
    }

    @Override
    public void run() {
        loop.run();
    }

    /** Ends the loop; the consumer is closed by its thread. */
    public void stop() {
        loop.stop();
    }
}

package io.syncfleet.keeper.kafka;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;

/**
 * Follows the {@code changes} topic from its end as it was at {@link #start}, like {@link ReportFollower}:
 * every partition assigned, no group. The after-sync hooks learn each batch's paths from it.
 */
public final class ChangeFollower implements Runnable {

    private final org.apache.kafka.clients.consumer.Consumer<String, ChangeBatch> consumer;
    private final String topic;
    private final TopicFollower<ChangeBatch> loop;

    /** Where each batch part goes, with its partition and offset. */
    @FunctionalInterface
    public interface PartSink {
        void seen(ChangeBatch part, int partition, long offset);
    }

    public ChangeFollower(org.apache.kafka.clients.consumer.Consumer<String, ChangeBatch> consumer, Topics topics,
                          PartSink sink) {
        this.consumer = consumer;
        this.topic = topics.name(Topics.CHANGES);
        this.loop = new TopicFollower<>(consumer, topic, "change batch", () -> { },
                TopicFollower.eachValue(r -> sink.seen(r.value(), r.partition(), r.offset())));
    }

    /** Assigns every partition at its current end; call before the thread starts. */
    public void start(Duration timeout) {
        TopicFollower.assignAtEnd(consumer, topic, timeout);
    }

    @Override
    public void run() {
        loop.run();
    }

    public void stop() {
        loop.stop();
    }
}

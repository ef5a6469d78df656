package io.syncfleet.keeper.kafka;

import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows the {@code reports} topic from its end as it was at {@link #start}: every partition assigned, no
 * group (the keeper only cares about what workers report from now on; reports from before it started
 * concern commands and states it no longer has). Each report goes to the sink on this thread.
 *
 * <p>One thread owns the consumer; poll errors are handled by {@link TopicFollower}: a record that cannot be
 * read is skipped with a warning; any other Kafka error is logged and polling goes on; {@link #stop} ends the
 * loop.
 */
public final class ReportFollower implements Runnable {

    private final org.apache.kafka.clients.consumer.Consumer<String, SyncReport> consumer;
    private final String topic;
    private final TopicFollower<SyncReport> loop;

    public ReportFollower(org.apache.kafka.clients.consumer.Consumer<String, SyncReport> consumer, Topics topics,
                          Consumer<SyncReport> sink) {
        this.consumer = consumer;
        this.topic = topics.name(Topics.REPORTS);
        this.loop = new TopicFollower<>(consumer, topic, "report", () -> { }, records -> {
            for (ConsumerRecord<String, SyncReport> r : records) {
                if (r.value() != null) {
                    sink.accept(r.value());
                }
            }
        });
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

package io.syncfleet.keeper.kafka;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.topic.Topics;

/**
 * Follows the {@code changes} topic from its end as it was at {@link #start}. The after-sync hooks learn each
 * batch part's paths, partition and offset from it.
 */
public final class ChangeFollower extends TailFollower<ChangeBatch> {

    /** Where each batch part goes, with its partition and offset. */
    @FunctionalInterface
    public interface PartSink {
        void seen(ChangeBatch part, int partition, long offset);
    }

    public ChangeFollower(org.apache.kafka.clients.consumer.Consumer<String, ChangeBatch> consumer, Topics topics,
                          PartSink sink) {
        super(consumer, topics.name(Topics.CHANGES), "change batch", r -> sink.seen(r.value(), r.partition(),
                r.offset()));
    }
}

package io.syncfleet.keeper.kafka;

import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.topic.Topics;
import java.util.function.Consumer;

/**
 * Follows the {@code reports} topic from its end as it was at {@link #start} (the keeper only cares about
 * what workers report from now on; reports from before it started concern commands and states it no longer
 * has). Each report goes to the sink on this thread.
 */
public final class ReportFollower extends TailFollower<SyncReport> {

    public ReportFollower(org.apache.kafka.clients.consumer.Consumer<String, SyncReport> consumer, Topics topics,
                          Consumer<SyncReport> sink) {
        super(consumer, topics.name(Topics.REPORTS), "report", r -> sink.accept(r.value()));
    }
}

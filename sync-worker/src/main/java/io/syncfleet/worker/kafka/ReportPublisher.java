package io.syncfleet.worker.kafka;

import io.syncfleet.common.event.SyncReport;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link SyncReport}s to the {@code reports} topic, keyed by target id. Sends are asynchronous:
 * a report that cannot be delivered is logged and dropped, never allowed to hold up a sync.
 */
public final class ReportPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportPublisher.class);

    private final Producer<String, SyncReport> producer;
    private final String topic;
    private final Consumer<SyncReport> published;

    /**
     * @param producer owned by this publisher from now on (closed by {@link #close()}); thread-safe
     * @param topic the reports topic's name, from {@code Topics.name(Topics.REPORTS)}
     */
    public ReportPublisher(Producer<String, SyncReport> producer, String topic) {
        this(producer, topic, r -> { });
    }

    /** @param published also told of every report as it is sent (metrics) */
    public ReportPublisher(Producer<String, SyncReport> producer, String topic, Consumer<SyncReport> published) {
        this.producer = producer;
        this.topic = topic;
        this.published = published;
    }

    public void publish(SyncReport report) {
        published.accept(report);
        producer.send(new ProducerRecord<>(topic, report.targetId(), report), (meta, error) -> {
            if (error != null) {
                LOG.warn("report for target [{}] ({}) not published to [{}]: {}", report.targetId(), report.outcome(),
                        topic, error.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package io.syncfleet.worker.kafka;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.worker.domain.DustbinPolicy;
import io.syncfleet.worker.domain.PendingWork;
import io.syncfleet.worker.domain.SyncResult;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link DustbinEntry} records to the {@code dustbin} topic, keyed by target id, and waits for the
 * broker's ack: a target's loop commits past a partial sync only once its failed paths are stored, so a
 * crash in between loses nothing.
 */
public final class DustbinPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DustbinPublisher.class);
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<String, DustbinEntry> producer;
    private final String topic;
    private final DustbinPolicy policy;

    /**
     * @param producer owned by this publisher from now on (closed by {@link #close()}); thread-safe
     * @param topic the dustbin topic's name, from {@code Topics.name(Topics.DUSTBIN)}
     */
    public DustbinPublisher(Producer<String, DustbinEntry> producer, String topic, DustbinPolicy policy) {
        this.producer = producer;
        this.topic = topic;
        this.policy = policy;
    }

    /** Stores a new entry for the failed paths of a partial live sync; false when it could not be stored. */
    public boolean open(String targetId, TargetUrl url, PendingWork work, SyncResult result) {
        DustbinEntry entry = policy.open(UUID.randomUUID().toString(), targetId, url.toString(), work,
                result.failedPaths(), result.exitCode(), result.reason());
        boolean stored = publish(entry);
        if (stored) {
            LOG.warn("target [{}] partial sync ({}): {} path(s) to dustbin entry [{}], first retry in {} ms; {}",
                    targetId, result.reason(), entry.pathCount(), entry.entryId(),
                    entry.notBeforeMillis() - entry.updatedAtMillis(), entry.paths().isEmpty()
                            ? "roots " + entry.rescanRoots() : "paths " + entry.paths());
        }
        return stored;
    }

    /** Stores one record of an entry and waits for the ack; false (logged) when it could not be stored. */
    public boolean publish(DustbinEntry entry) {
        try {
            producer.send(new ProducerRecord<>(topic, entry.targetId(), entry))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warn("dustbin entry [{}] of target [{}] ({}) not stored in [{}]: {}", entry.entryId(),
                    entry.targetId(), entry.state(), topic, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

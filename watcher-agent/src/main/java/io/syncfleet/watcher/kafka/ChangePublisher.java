package io.syncfleet.watcher.kafka;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.PartitionedBatch;
import io.syncfleet.watcher.domain.WatchRoots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends change batches to {@code changes}, each to its explicit partition, keyed by its first path.
 *
 * <p>The producer is the idempotent {@code acks=all} one with an unbounded delivery timeout, so it
 * retries transient broker trouble itself. A failure that still reaches the callback is never
 * dropped: a retriable one (e.g. no metadata within {@code max.block.ms}) queues the batch to be
 * sent again; any other one is logged at ERROR and turns into a RESCAN request for the roots the
 * batch touched, since its paths may now be missing on the targets. Either is handed to the agent
 * through {@link #takeDue} after a back-off that doubles from {@value #FIRST_BACKOFF_MILLIS} ms to
 * {@value #MAX_BACKOFF_MILLIS} ms over consecutive failures and resets on the next success.
 *
 * <p>Thread-safe: {@link #publish} runs on the agent's thread, callbacks on the producer's.
 * The producer belongs to the caller; this class never closes it.
 */
public final class ChangePublisher {

    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 30_000;

    private static final Logger log = LoggerFactory.getLogger(ChangePublisher.class);

    private final Producer<String, ChangeBatch> producer;
    private final String topic;
    private final WatchRoots roots;
    private final Clock clock;
    private final Runnable onFailure;

    private final Object lock = new Object();
    private final List<PartitionedBatch> resend = new ArrayList<>();
    private final Set<RelPath> rescanRoots = new LinkedHashSet<>();
    private long published;
    private long failed;
    private long lastPublishMillis;
    private long lastHeartbeatMillis;
    private long heartbeats;
    private int consecutiveFailures;
    private long retryAtMillis;
    private int inFlight;

    /**
     * @param topic the {@code changes} topic name, from {@link io.syncfleet.common.topic.Topics}
     * @param roots the watched roots, to map a lost batch to what must be rescanned
     * @param onFailure called (on the producer's thread) after a failure was queued, to wake the agent
     */
    public ChangePublisher(Producer<String, ChangeBatch> producer, String topic, WatchRoots roots, Clock clock,
                           Runnable onFailure) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.roots = Objects.requireNonNull(roots, "roots");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    /** Hands every batch to the producer; returns without waiting for acknowledgements. */
    public void publish(Collection<PartitionedBatch> batches) {
        for (PartitionedBatch b : batches) {
            send(b);
        }
    }

    private void send(PartitionedBatch b) {
        synchronized (lock) {
            inFlight++;
        }
        ProducerRecord<String, ChangeBatch> record = new ProducerRecord<>(topic, b.partition(), b.key(), b.batch());
        try {
            producer.send(record, (metadata, error) -> completed(b, error));
        } catch (RuntimeException e) {
            completed(b, e); // thrown instead of reported: closed producer, serialization, interrupt
        }
    }

    private void completed(PartitionedBatch b, Exception error) {
        long now = clock.millis();
        ChangeBatch batch = b.batch();
        if (batch.kind() == ChangeKind.HEARTBEAT) {
            heartbeatCompleted(b, error, now);
            return;
        }
        if (error == null) {
            synchronized (lock) {
                inFlight--;
                published++;
                lastPublishMillis = now;
                consecutiveFailures = 0;
                lock.notifyAll();
            }
            if (log.isDebugEnabled()) {
                log.debug("published batch [{}] {} of [{}] paths to [{}-{}] {} ms after its first event", batch.batchId(),
                        batch.kind(), batch.paths().size(), topic, b.partition(), now - batch.observedAtMillis());
            }
            return;
        }
        boolean retriable = error instanceof RetriableException;
        Set<RelPath> lost = retriable ? Set.of() : affectedRoots(batch);
        long backoff;
        synchronized (lock) {
            inFlight--;
            failed++;
            consecutiveFailures++;
            backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(consecutiveFailures - 1, 20));
            retryAtMillis = now + backoff;
            if (retriable) {
                resend.add(b);
            } else {
                rescanRoots.addAll(lost);
            }
            lock.notifyAll();
        }
        if (retriable) {
            log.warn("send of batch [{}] {} of [{}] paths to [{}-{}] failed ({}); sending it again in [{}] ms",
                    batch.batchId(), batch.kind(), batch.paths().size(), topic, b.partition(), error.toString(), backoff);
        } else {
            log.error("send of batch [{}] {} of [{}] paths to [{}-{}] failed for good ({}); requesting a RESCAN of {}"
                    + " in [{}] ms so the targets still converge", batch.batchId(), batch.kind(), batch.paths().size(),
                    topic, b.partition(), error.toString(), lost, backoff);
        }
        onFailure.run();
    }

    /** A heartbeat is never sent again: the next one follows in a few seconds. */
    private void heartbeatCompleted(PartitionedBatch b, Exception error, long now) {
        synchronized (lock) {
            inFlight--;
            if (error == null) {
                heartbeats++;
                lastHeartbeatMillis = now;
            }
            lock.notifyAll();
        }
        if (error != null) {
            log.warn("heartbeat [{}] to [{}-{}] failed ({}); the next one follows", b.batch().batchId(), topic,
                    b.partition(), error.toString());
        }
    }

    private Set<RelPath> affectedRoots(ChangeBatch batch) {
        if (batch.kind() == ChangeKind.RESCAN) {
            return new LinkedHashSet<>(batch.paths());
        }
        return roots.rootsOf(batch.paths());
    }

    /** The queued retries, once their back-off has passed at {@code nowMillis}; each is handed out once. */
    public Optional<SendRetry> takeDue(long nowMillis) {
        synchronized (lock) {
            if ((resend.isEmpty() && rescanRoots.isEmpty()) || nowMillis < retryAtMillis) {
                return Optional.empty();
            }
            SendRetry retry = new SendRetry(resend, rescanRoots);
            resend.clear();
            rescanRoots.clear();
            return Optional.of(retry);
        }
    }

    /** When {@link #takeDue} will have something, or empty when no failure is queued. */
    public OptionalLong nextRetryAtMillis() {
        synchronized (lock) {
            return resend.isEmpty() && rescanRoots.isEmpty() ? OptionalLong.empty() : OptionalLong.of(retryAtMillis);
        }
    }

    /**
     * Waits until every batch handed to the producer is acknowledged or failed, at most {@code timeout}.
     *
     * @return true when nothing is in flight any more
     */
    public boolean awaitInFlight(Duration timeout) throws InterruptedException {
        // no producer.flush(): with an unbounded delivery timeout it would wait forever for a dead broker
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Batches acknowledged by the broker. */
    public long publishedBatches() {
        synchronized (lock) {
            return published;
        }
    }

    /** Sends that failed (each retried or turned into a RESCAN). */
    public long failedSends() {
        synchronized (lock) {
            return failed;
        }
    }

    /** When the last acknowledgement arrived, 0 before the first. */
    public long lastPublishMillis() {
        synchronized (lock) {
            return lastPublishMillis;
        }
    }

    /** When the broker last acknowledged a heartbeat, 0 before the first. */
    public long lastHeartbeatMillis() {
        synchronized (lock) {
            return lastHeartbeatMillis;
        }
    }

    /** Heartbeats acknowledged by the broker (not counted in {@link #publishedBatches}). */
    public long heartbeats() {
        synchronized (lock) {
            return heartbeats;
        }
    }

    /** True when nothing is in flight and no failed send waits to be retried or rescanned. */
    public boolean idle() {
        synchronized (lock) {
            return inFlight == 0 && resend.isEmpty() && rescanRoots.isEmpty();
        }
    }

    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }
}

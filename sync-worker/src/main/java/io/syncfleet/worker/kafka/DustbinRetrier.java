package io.syncfleet.worker.kafka;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.worker.domain.DustbinPolicy;
import io.syncfleet.worker.domain.PendingWork;
import io.syncfleet.worker.domain.SyncResult;
import io.syncfleet.worker.process.SyncRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries the entries of the {@code dustbin} topic. Workers share the topic through the consumer group
 * {@code <prefix>.dustbin}; entries are keyed by target, so one worker retries all of a target's entries.
 *
 * <p>One thread owns the consumer. It keeps the latest record of each open (WAITING) entry in memory, and when
 * {@link DustbinPolicy#isDue} hands it to the worker's {@link SyncRunner} (at most {@link #MAX_IN_FLIGHT} at
 * once, so retries never take the rsync permits from live syncs). A finished retry's next record (DONE, WAITING
 * with a later time, or PARKED) is stored, acked, before the entry's old record counts as handled, and a
 * {@link SyncReport} tells the rest of the fleet: {@code dustbin} = the new state, {@code batchIds} = the
 * entry's batches (so a DONE retry counts as those batches reaching the target).
 *
 * <p>Invariant: a partition's committed offset is never beyond the oldest record still open in memory, so a
 * worker that dies loses no entry; the next owner reads the open records again, and a record followed by a
 * newer one of the same entry is superseded by it. A retry run twice after a crash is harmless: rsync pushes
 * the source's state. An operator's record (retry, drop) that arrives while a retry of its entry runs wins:
 * the running retry's result is then dropped.
 */
public final class DustbinRetrier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DustbinRetrier.class);
    static final int MAX_IN_FLIGHT = 4;
    private static final Duration POLL = Duration.ofSeconds(1);

    /** The latest record of an open entry, and where it sits. */
    private record Held(DustbinEntry entry, TopicPartition tp, long offset) {
    }

    private record Flight(Held held, Future<SyncResult> future) {
    }

    private final Consumer<String, DustbinEntry> consumer;
    private final String topic;
    private final SyncRunner syncs;
    private final DustbinPublisher publisher;
    private final ReportPublisher reports;
    private final DustbinPolicy policy;
    private final Clock clock;
    private final Duration storeRetry;
    private final TargetRoster roster;
    private final Thread thread;

    // owned by the loop thread
    private final Map<String, Held> held = new HashMap<>();
    private final Map<String, Flight> flights = new HashMap<>();
    private final Map<String, Long> storeFailedUntil = new HashMap<>();
    private final Map<TopicPartition, Long> lastCommitted = new HashMap<>();
    private volatile boolean stopping;
    private volatile int open;

    /**
     * @param consumer a consumer with {@code group.id} {@code Topics.dustbinGroup()}, not subscribed; owned by
     *                 this retrier from now on
     * @param storeRetry how long to wait before retrying an entry whose next record could not be stored
     * @param roster tells whether a target that a retry found down has left the fleet; owned from now on
     */
    public DustbinRetrier(Consumer<String, DustbinEntry> consumer, String topic, SyncRunner syncs,
                          DustbinPublisher publisher, ReportPublisher reports, DustbinPolicy policy, Clock clock,
                          Duration storeRetry, TargetRoster roster) {
        this.consumer = consumer;
        this.topic = topic;
        this.syncs = syncs;
        this.publisher = publisher;
        this.reports = reports;
        this.policy = policy;
        this.clock = clock;
        this.storeRetry = storeRetry;
        this.roster = roster;
        this.thread = new Thread(this::run, "dustbin-retrier");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Open entries this retrier holds now (waiting or being retried). */
    public int openEntries() {
        return open;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (!stopping) {
                poll();
                finishFlights();
                launchDue();
                commit();
                open = held.size();
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("dustbin retrier stopped by an unexpected error; its open entries are read again by the next "
                    + "owner of their partitions", e);
        } finally {
            flights.values().forEach(f -> f.future().cancel(true));
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("dustbin consumer did not close cleanly: {}", e.toString());
            }
            roster.close();
        }
    }

    private void poll() {
        try {
            for (ConsumerRecord<String, DustbinEntry> r : consumer.poll(pollTimeout())) {
                if (r.value() != null) {
                    take(r.value(), new TopicPartition(r.topic(), r.partition()), r.offset());
                }
            }
        } catch (WakeupException e) {
            if (stopping) {
                throw e;
            }
        } catch (RecordDeserializationException e) {
            LOG.error("dustbin record at [{}] offset [{}] cannot be read and is skipped: {}", e.topicPartition(),
                    e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        } catch (KafkaException e) {
            LOG.warn("dustbin poll failed, going on: {}", e.toString());
        }
    }

    private Duration pollTimeout() {
        long now = clock.millis();
        long next = Long.MAX_VALUE;
        if (flights.size() < MAX_IN_FLIGHT) {
            for (Held h : held.values()) {
                if (!flights.containsKey(h.entry().entryId())) {
                    next = Math.min(next, Math.max(h.entry().notBeforeMillis(),
                            storeFailedUntil.getOrDefault(h.entry().entryId(), 0L)));
                }
            }
        }
        long wait = Math.max(0, next - now);
        return wait < POLL.toMillis() ? Duration.ofMillis(wait) : POLL;
    }

    /** The latest record of an entry: WAITING ones are held, others close it. */
    private void take(DustbinEntry e, TopicPartition tp, long offset) {
        if (e.state() == DustbinState.WAITING) {
            held.put(e.entryId(), new Held(e, tp, offset));
            LOG.debug("dustbin entry [{}] of target [{}] held: attempt {} not before {}", e.entryId(), e.targetId(),
                    e.attempts() + 1, e.notBeforeMillis());
        } else {
            held.remove(e.entryId());
            storeFailedUntil.remove(e.entryId());
        }
    }

    private void launchDue() {
        long now = clock.millis();
        for (Held h : new ArrayList<>(held.values())) {
            if (flights.size() >= MAX_IN_FLIGHT) {
                return;
            }
            DustbinEntry e = h.entry();
            if (flights.containsKey(e.entryId()) || !policy.isDue(e)
                    || storeFailedUntil.getOrDefault(e.entryId(), 0L) > now) {
                continue;
            }
            TargetUrl url;
            try {
                url = TargetUrl.parse(e.targetUrl());
            } catch (IllegalArgumentException ex) {
                LOG.error("dustbin entry [{}] of target [{}] has an unusable url [{}]: counted as a failed retry",
                        e.entryId(), e.targetId(), e.targetUrl());
                settle(h, policy.afterRetry(e, SyncOutcome.FATAL_CONFIG, List.of(), -1, "unusable url"), null);
                continue;
            }
            LOG.info("dustbin entry [{}] of target [{}]: retry {} of {} path(s)", e.entryId(), e.targetId(),
                    e.attempts() + 1, e.pathCount());
            flights.put(e.entryId(), new Flight(h, syncs.submit(e.targetId(), url, work(e), false, consumer::wakeup)));
        }
    }

    private static PendingWork work(DustbinEntry e) {
        List<ChangeBatch> batches = new ArrayList<>();
        if (!e.paths().isEmpty()) {
            batches.add(ChangeBatch.of(e.entryId(), ChangeKind.CHANGE, e.paths(), e.createdAtMillis(),
                    e.updatedAtMillis(), "dustbin"));
        }
        if (!e.rescanRoots().isEmpty()) {
            batches.add(ChangeBatch.of(e.entryId(), ChangeKind.RESCAN, e.rescanRoots(), e.createdAtMillis(),
                    e.updatedAtMillis(), "dustbin"));
        }
        return PendingWork.of(batches);
    }

    private void finishFlights() {
        for (Iterator<Flight> it = flights.values().iterator(); it.hasNext(); ) {
            Flight f = it.next();
            if (!f.future().isDone()) {
                continue;
            }
            it.remove();
            DustbinEntry e = f.held().entry();
            Held latest = held.get(e.entryId());
            if (latest == null || latest.offset() != f.held().offset()) {
                LOG.info("dustbin entry [{}] of target [{}] was superseded (an operator's retry or drop) or handed "
                        + "to another worker while its retry ran: its result is dropped", e.entryId(), e.targetId());
                continue;
            }
            SyncResult r = resultOf(f.future(), e);
            DustbinPolicy.Decision d = r.outcome() == SyncOutcome.TARGET_DOWN && roster.gone(e.targetId())
                    ? policy.targetGone(e, r.exitCode())
                    : policy.afterRetry(e, r.outcome(), r.failedPaths(), r.exitCode(), r.reason());
            settle(f.held(), d, r);
        }
    }

    /** Stores the entry's next record, then reports and forgets the old one; on failure retries later. */
    private void settle(Held h, DustbinPolicy.Decision d, SyncResult r) {
        DustbinEntry next = d.entry();
        if (!publisher.publish(next)) {
            storeFailedUntil.put(next.entryId(), clock.millis() + storeRetry.toMillis());
            return;
        }
        storeFailedUntil.remove(next.entryId());
        held.remove(next.entryId()); // the stored record comes back through the consumer when it is still open
        long now = clock.millis();
        String message = message(next, d, r);
        reports.publish(new SyncReport(SyncReport.SCHEMA_VERSION, next.targetId(),
                d.done() ? next.batchIds() : List.of(), next.rescanRoots().isEmpty() ? ChangeKind.CHANGE
                : ChangeKind.RESCAN, next.pathCount(), r == null ? SyncOutcome.FATAL_CONFIG : r.outcome(),
                next.exitCode(), message, next.createdAtMillis(), r == null ? now : r.startedAtMillis(),
                r == null ? now : r.finishedAtMillis(), null, next.state()));
        if (d.parked()) {
            LOG.error("target [{}] {}", next.targetId(), message);
        } else if (d.done() || d.dropped()) {
            LOG.info("target [{}] {}", next.targetId(), message);
        } else {
            LOG.warn("target [{}] {}", next.targetId(), message);
        }
    }

    private String message(DustbinEntry next, DustbinPolicy.Decision d, SyncResult r) {
        String what = "dustbin entry [" + next.entryId() + "] (" + next.pathCount() + " path(s))";
        if (d.done()) {
            return what + " synced on retry " + next.attempts();
        }
        if (d.dropped()) {
            return what + " dropped: target [" + next.targetId() + "] is down (" + (r == null ? "" : r.reason())
                    + ") and was removed from the fleet; its paths are not retried";
        }
        String why = r == null ? next.lastError() : r.reason();
        if (d.parked()) {
            return what + " parked after " + next.attempts() + " failed retries (" + why + "): fix the target, then "
                    + "`syncfleet dustbin retry " + next.entryId() + "` or drop it; paths " + next.paths();
        }
        long wait = Math.max(0, next.notBeforeMillis() - clock.millis());
        return what + " retry failed (" + why + ")" + (d.counted() ? ", attempt " + next.attempts()
                : ", not counted: target down") + "; next retry in " + wait + " ms";
    }

    private SyncResult resultOf(Future<SyncResult> f, DustbinEntry e) {
        try {
            return f.get();
        } catch (ExecutionException | CancellationException ex) {
            long now = clock.millis();
            return new SyncResult(SyncOutcome.TARGET_DOWN, "retry failed: " + ex, "retry failed: " + ex, List.of(),
                    0, ChangeKind.CHANGE, e.pathCount(), now, now);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            long now = clock.millis();
            return new SyncResult(SyncOutcome.TARGET_DOWN, "interrupted", "interrupted", List.of(), 0,
                    ChangeKind.CHANGE, e.pathCount(), now, now);
        }
    }

    /** Commits, per partition, the oldest open record's offset, or the position when none is open. */
    private void commit() {
        Map<TopicPartition, Long> safe = new HashMap<>();
        try {
            for (TopicPartition tp : consumer.assignment()) {
                safe.put(tp, consumer.position(tp, Duration.ofSeconds(1)));
            }
        } catch (KafkaException e) {
            return; // positions not known yet: next turn
        }
        for (Held h : held.values()) {
            safe.computeIfPresent(h.tp(), (tp, pos) -> Math.min(pos, h.offset()));
        }
        for (Flight f : flights.values()) {
            safe.computeIfPresent(f.held().tp(), (tp, pos) -> Math.min(pos, f.held().offset()));
        }
        Map<TopicPartition, OffsetAndMetadata> changed = new HashMap<>();
        safe.forEach((tp, offset) -> {
            if (!offset.equals(lastCommitted.get(tp))) {
                changed.put(tp, new OffsetAndMetadata(offset));
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(changed);
            changed.forEach((tp, o) -> lastCommitted.put(tp, o.offset()));
        } catch (WakeupException e) {
            if (stopping) {
                throw e;
            }
        } catch (KafkaException e) {
            LOG.debug("dustbin commit failed, retried next turn: {}", e.toString());
        }
    }

    /** Drops what the worker no longer owns; the new owner reads it again from the committed offsets. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commit();
            } catch (RuntimeException e) {
                LOG.debug("dustbin commit at revocation failed: {}", e.toString());
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debug("dustbin partitions assigned: {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            held.values().removeIf(h -> partitions.contains(h.tp()));
            partitions.forEach(lastCommitted::remove);
        }
    }

    /** Stops the thread; running retries are cancelled and their entries read again on the next start. */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

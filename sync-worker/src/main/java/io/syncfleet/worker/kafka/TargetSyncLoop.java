package io.syncfleet.worker.kafka;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.OffsetRange;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.kafka.TopicPartitions;
import io.syncfleet.worker.domain.PendingWork;
import io.syncfleet.worker.domain.SyncResult;
import io.syncfleet.worker.domain.SyncRetryPolicy;
import io.syncfleet.worker.process.SyncRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one target up to date: one thread owns the target's consumer on {@code changes} and never runs
 * rsync itself.
 *
 * <p><b>No group membership.</b> Which worker syncs a target is decided by the workers' group on
 * {@code targets} ({@link TargetOwnership}), so the loop's consumer does not join a group of its own: it
 * {@code assign()}s every partition of {@code changes} and uses {@code group.id = <prefix>.target.<id>}
 * only to commit offsets and to read them back ({@code committed()}; a partition with none starts from its
 * earliest offset, as {@code auto.offset.reset=earliest} did). Starting or stopping a loop therefore costs
 * no JoinGroup/SyncGroup round and no rebalance (on a broker with the default
 * {@code group.initial.rebalance.delay.ms} that was at least 3 s per start), a dead worker's loops hold
 * nothing that must expire, and there are no rebalance callbacks: ownership changes stop loops through
 * {@link TargetOwnership}. Kafka sees the target's group as a simple consumer group, always {@code Empty}:
 * {@code kafka-consumer-groups --describe --group <prefix>.target.<id>} still shows its committed offsets
 * and lag per partition (with no member), and {@code Admin.alterConsumerGroupOffsets} works at any time,
 * so whoever moves a target's offsets must first stop its loop, or the loop's next commit overwrites them
 * (the worker does). Partitions added to {@code changes} later are taken within a
 * minute of the consumer's metadata showing them.
 *
 * <p><b>Zombie commits.</b> Without group membership nothing fences a loop that runs on after its worker
 * lost the target (a worker stalled past its session timeout, until its ownership consumer notices). Such
 * a commit is harmless here: a loop commits an offset only after its rsync of the records below it
 * succeeded, and rsync pushes the source's state, not events. A zombie commit below the new owner's
 * progress means records are pushed again; one above it covers records the zombie itself pushed to the
 * target; the new owner's loop keeps its own position either way and commits after it. The one case it
 * could hurt is a REPLAY from a time issued in the seconds a zombie survives: a zombie commit ahead of the
 * rewound offsets would skip part of that replay. The worker keeps that window short by halting a lost
 * target's loop (no final commit) as soon as its ownership consumer reports the partitions lost.
 *
 * <p>The cycle: poll; merge what arrived into pending work; when nothing is in flight, pause every
 * partition, hand the work to the {@link SyncRunner} and keep polling (paused); the finished sync wakes
 * the consumer. Then, by {@link SyncRetryPolicy}: commit exactly the offsets that work consumed and resume,
 * or keep them uncommitted and run the same work again after a backoff. After a resume the next sync
 * takes everything that arrived while the last one ran, not only what was fetched before the pause
 * ({@link #takeBacklog()}).
 *
 * <p>Invariants: an offset is committed only after the records before it were synced (or, for a PARTIAL,
 * after the failed paths were stored in the dustbin, whose retries run beside this loop); at most one sync per target per loop is in flight; a loop that stops
 * leaves its uncommitted work to the next loop of the target, which starts from the committed offsets.
 *
 * <p>Started with a {@link ReplayGoal} (a REPLAY catch-up command), the loop syncs exactly as usual and
 * also watches its progress: once every partition's position has reached the goal's end offset with
 * nothing consumed left uncommitted, it publishes the command's OK report ("replayed N records") and goes
 * on as a live loop. A sync that ends TARGET_DOWN or FATAL_CONFIG during the replay is reported with the
 * command's id instead of retried, and the loop stops (the keeper takes the target out of recovery).
 *
 * <p>{@link #halt()} ends the loop the way a crash would: the in-flight rsync is killed and nothing more
 * is committed.
 */
public final class TargetSyncLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetSyncLoop.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    /**
     * {@code max.poll.records} of a loop's consumer (unless {@code kafka.properties} sets it). With Kafka's
     * default of 500, one rsync took at most 500 change batches, while the watcher writes one batch per
     * partition per window: up to 600 a second with 12 partitions and 20 ms windows under steady churn. A
     * target whose rsync takes a second or more (far away, or a busy source) then fell behind for good,
     * however few paths the batches held. Now a sync takes what is fetched, up to this many batches (at
     * most twice as many after the drain polls): seconds of changes, and its sync report, which names
     * each batch, stays far below Kafka's 1 MB message limit.
     */
    public static final int MAX_POLL_RECORDS = 5_000;

    /** Non-blocking polls after one that returned records, to take what else is fetched before a launch. */
    private static final int DRAIN_POLLS = 8;
    /** Polls after a resume that take the records a fresh fetch brings; see {@link #takeBacklog()}. */
    private static final int FRESH_POLLS = 20;
    /** Bounds of {@link #patienceAfter}: how long a loop waits for the fresh fetch after a resume. */
    static final Duration PATIENCE_MIN = Duration.ofMillis(25);
    static final Duration PATIENCE_MAX = Duration.ofMillis(250);
    private static final Duration FRESH_POLL = Duration.ofMillis(10);
    private static final int PARTITION_CHECK_SECONDS = 60;
    private static final Duration OPEN_RETRY = Duration.ofSeconds(1);

    /**
     * A snapshot for status pages.
     *
     * @param lag records on {@code changes} not yet synced to this target (fetched-ahead lag plus consumed,
     *            uncommitted records)
     * @param lastSyncMillis when the last successful sync ended, 0 before the first
     * @param lastError what the last failed sync said, empty after a success
     * @param inFlight true while an rsync runs for this target
     * @param syncs syncs run (OK or PARTIAL)
     * @param running false once the loop has stopped
     */
    public record Status(long lag, long lastSyncMillis, String lastError, boolean inFlight, long syncs,
                         boolean running) {
    }

    /** Work taken from pending, in flight or waiting for its retry. */
    private static final class Attempt {
        final PendingWork work;
        final Map<TopicPartition, Long> first;
        final Map<TopicPartition, Long> next;
        Future<SyncResult> future;

        Attempt(PendingWork work, Map<TopicPartition, Long> first, Map<TopicPartition, Long> next) {
            this.work = work;
            this.first = first;
            this.next = next;
        }
    }

    private final String targetId;
    private final TargetUrl url;
    private final Consumer<String, ChangeBatch> consumer;
    private final String topic;
    private final SyncRunner syncs;
    private final ReportPublisher reports;
    private final DustbinPublisher dustbin;
    private final Clock clock;
    private final Duration closeGrace;
    private final SyncRetryPolicy policy = new SyncRetryPolicy();
    private final Thread thread;

    // owned by the loop thread
    private final List<ChangeBatch> pending = new ArrayList<>();
    private final Map<TopicPartition, Long> pendingFirst = new HashMap<>();
    private final Map<TopicPartition, Long> pendingNext = new HashMap<>();
    private Attempt current;
    private Instant nextAttemptAt = Instant.EPOCH;
    private SyncOutcome lastOutcome = SyncOutcome.OK;
    private int sameOutcomeRuns;
    private String loggedProblem = "";
    private Instant troubleSince;
    private boolean initialDone;
    private Instant nextPartitionCheck = Instant.EPOCH;
    /** How long the first polls after the next resume may take to count as backlog; see {@link #takeBacklog()}. */
    private Duration patience = PATIENCE_MIN;

    // written by the loop thread, read by anyone
    private volatile boolean stopping;
    private volatile boolean halting;
    private volatile ReplayGoal goal;
    /** Records the last poll returned. */
    private int polled;
    /** Set when the loop resumed its partitions after a sync, until its next poll. */
    private boolean resumed;
    private volatile Instant stopDeadline = Instant.MAX;
    private volatile long lag;
    private volatile long lastSyncMillis;
    private volatile String lastError = "";
    private volatile boolean inFlight;
    private volatile long syncCount;
    private volatile boolean running;

    /**
     * @param consumer a consumer with {@code group.id} set to the target's group, not subscribed to anything;
     *                 owned by this loop from now on (closed when it stops)
     * @param topic the changes topic's name, from {@code Topics.name(Topics.CHANGES)}
     * @param dustbin stores the failed paths of a partial sync, before the loop commits past it
     * @param closeGrace how long {@link #close()} lets an in-flight rsync finish ({@code rsync.timeout})
     */
    public TargetSyncLoop(String targetId, TargetUrl url, Consumer<String, ChangeBatch> consumer, String topic,
                          SyncRunner syncs, ReportPublisher reports, DustbinPublisher dustbin, Clock clock,
                          Duration closeGrace) {
        this.targetId = targetId;
        this.url = url;
        this.consumer = consumer;
        this.topic = topic;
        this.syncs = syncs;
        this.reports = reports;
        this.dustbin = dustbin;
        this.clock = clock;
        this.closeGrace = closeGrace;
        this.thread = new Thread(this::run, "sync-" + targetId);
    }

    public String targetId() {
        return targetId;
    }

    public TargetUrl url() {
        return url;
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** Starts the loop for a replay: see the class doc. {@code goal.done()} completes on the loop's thread. */
    public void start(ReplayGoal goal) {
        replayTo(goal);
        start();
    }

    /** Sets the replay goal before the loop's first {@link #turn()}. */
    void replayTo(ReplayGoal goal) {
        this.goal = goal;
    }

    /**
     * Forgets the replay goal (the target went READY: the loop is its live loop now). A sync failing at
     * this very moment may still end the replay and stop the loop; the caller restarts it then.
     */
    public void detachReplay() {
        goal = null;
    }

    /** True while a replay goal is set and not reached. */
    public boolean replaying() {
        return goal != null;
    }

    public Status status() {
        return new Status(lag, lastSyncMillis, lastError, inFlight, syncCount, running);
    }

    /** Asks the loop to stop: an in-flight sync may finish (and commit) within the grace period. Returns at once. */
    public void stop() {
        if (!stopping) {
            stopDeadline = clock.instant().plus(closeGrace);
            stopping = true;
        }
        consumer.wakeup();
    }

    /** Waits up to {@code timeout} for the loop thread to end; true when it did. */
    public boolean awaitStopped(Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /**
     * Ends the loop as a crash would, and returns at once: the in-flight rsync is killed and nothing more is
     * committed. The next loop of the target starts from the committed offsets and redoes the rest. Used
     * when the target is lost or removed: a commit after that would be a zombie's.
     */
    public void halt() {
        halting = true;
        stopping = true;
        consumer.wakeup();
    }

    /** {@link #stop()} and wait: the in-flight sync gets the grace period, then it is killed. */
    @Override
    public void close() {
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        stop();
        if (!awaitStopped(closeGrace.plusSeconds(15))) {
            LOG.warn("target [{}] loop did not stop within {}s", targetId, closeGrace.plusSeconds(15).toSeconds());
        }
    }

    private void run() {
        try {
            if (!openUntilDone()) {
                return;
            }
            while (!shouldExit()) {
                if (!turn()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            lastError = "loop stopped: " + e;
            LOG.error("target [{}] sync loop stopped by an unexpected error; uncommitted work is redelivered to "
                    + "the next loop", targetId, e);
        } finally {
            inFlight = false;
            running = false;
            if (halting && current != null && current.future != null) {
                current.future.cancel(true);
            }
            abandonReplay();
            try {
                consumer.close(CloseOptions.timeout(halting ? Duration.ZERO : Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                LOG.warn("target [{}] consumer did not close cleanly: {}", targetId, e.toString());
            }
            LOG.debug("target [{}] loop stopped{}", targetId, halting ? " (halted)" : "");
        }
    }

    /** A replay still pending when the loop ends: reported as failed unless the loop was asked to stop. */
    private void abandonReplay() {
        ReplayGoal g = goal;
        if (g == null) {
            return;
        }
        goal = null;
        String message = "replay ended before reaching the end offsets: the sync loop stopped ("
                + (lastError.isEmpty() ? "stopped" : lastError) + ")";
        if (!stopping) {
            long now = clock.millis();
            reports.publish(new SyncReport(SyncReport.SCHEMA_VERSION, targetId, List.of(), ChangeKind.CHANGE, 0,
                    SyncOutcome.TARGET_DOWN, 0, message, 0, g.startedAtMillis(), now, g.commandId()));
        }
        g.complete(new ReplayGoal.Result(SyncOutcome.TARGET_DOWN, g.records(), message));
    }

    /**
     * {@link #open()}, again every second while Kafka cannot answer (no metadata for {@code changes} yet);
     * false when the loop must stop instead.
     */
    private boolean openUntilDone() {
        while (!stopping) {
            try {
                open();
                return true;
            } catch (WakeupException e) {
                // stop() or halt() was called: the while decides
            } catch (AuthenticationException | AuthorizationException | UnsupportedVersionException
                     | InvalidGroupIdException e) {
                lastError = "loop stopped: " + e.getMessage();
                LOG.error("target [{}] sync loop stopped: {}; fix kafka.properties or the broker and restart",
                        targetId, e.getMessage());
                return false;
            } catch (KafkaException e) {
                lastError = "cannot start: " + e.getMessage();
                LOG.warn("target [{}] cannot take the partitions of [{}] yet ({}): retrying every {}s", targetId,
                        topic, e.toString(), OPEN_RETRY.toSeconds());
                try {
                    Thread.sleep(OPEN_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Takes every partition of {@code changes} ({@code assign}, no group join) and positions each at the
     * target's committed offset, or at its earliest offset when it has none. Called by the loop thread
     * before its first {@link #turn()}; throws a {@link KafkaException} when Kafka cannot tell the
     * partitions.
     */
    void open() {
        List<TopicPartition> all = partitionsOfTopic();
        consumer.assign(all);
        position(all);
        nextPartitionCheck = clock.instant().plusSeconds(PARTITION_CHECK_SECONDS);
        lastError = "";
    }

    private List<TopicPartition> partitionsOfTopic() {
        List<TopicPartition> parts = TopicPartitions.of(consumer, topic, Duration.ofSeconds(10));
        if (parts.isEmpty()) {
            throw new KafkaException("topic [" + topic + "] not found");
        }
        return parts;
    }

    /**
     * Seeks to the target's committed offsets, and to the beginning where there are none. When Kafka
     * cannot tell them now the consumer looks them up itself on its next poll, by the same rule (its
     * {@code group.id} and {@code auto.offset.reset=earliest}).
     */
    private void position(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(new HashSet<>(partitions), Duration.ofSeconds(10));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("target [{}] cannot read its committed offsets now ({}): the consumer looks them up on its "
                    + "first poll", targetId, e.toString());
            return;
        }
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata m = committed.get(tp);
            if (m == null) {
                fresh.add(tp);
            } else {
                consumer.seek(tp, m);
            }
        }
        if (!fresh.isEmpty()) {
            consumer.seekToBeginning(fresh);
        }
        LOG.debug("target [{}] took {} partitions of [{}]: from committed offsets on {}, from the earliest offset "
                + "on {} (nothing committed yet)", targetId, partitions.size(), topic,
                partitions.size() - fresh.size(), fresh);
    }

    /** Takes partitions added to {@code changes} since the loop started; checked every minute. */
    private void checkPartitions() {
        if (clock.instant().isBefore(nextPartitionCheck)) {
            return;
        }
        nextPartitionCheck = clock.instant().plusSeconds(PARTITION_CHECK_SECONDS);
        Set<TopicPartition> added;
        try {
            added = new HashSet<>(partitionsOfTopic());
        } catch (KafkaException e) {
            return; // the next check tries again
        }
        Set<TopicPartition> assigned = consumer.assignment();
        added.removeAll(assigned);
        if (added.isEmpty()) {
            return;
        }
        Set<TopicPartition> all = new HashSet<>(assigned);
        all.addAll(added);
        consumer.assign(all);
        position(added);
        LOG.info("target [{}] follows partitions {} added to [{}]", targetId,
                added.stream().map(TopicPartition::partition).sorted().toList(), topic);
    }

    /**
     * One turn of the loop: poll (paused while work is taken), finish a completed sync, start the next one,
     * resume when idle. Only the thread that owns the consumer calls it; false when the loop must stop.
     */
    boolean turn() {
        if (!stopping) {
            checkPartitions();
            if (current == null) {
                checkReplay(); // a replay with nothing (left) to do ends now, not after a poll waiting for records
            }
        }
        if (current != null) {
            consumer.pause(consumer.assignment());
        }
        long pollStart = clock.millis();
        if (!pollOnce(pollTimeout()) || halting) {
            return false;
        }
        // records at once from the first poll after a resume: fetched before the pause (see takeBacklog)
        boolean buffered = resumed && polled > 0 && clock.millis() - pollStart < patience.toMillis();
        resumed = false;
        for (int i = 0; i < DRAIN_POLLS && current == null && polled > 0 && !stopping
                && pending.size() < MAX_POLL_RECORDS; i++) {
            if (!pollOnce(Duration.ZERO) || halting) {
                return false;
            }
        }
        if (buffered && current == null && !stopping && (!takeBacklog() || halting)) {
            return false;
        }
        if (current != null && current.future != null && current.future.isDone() && !finish()) {
            return false;
        }
        if (!stopping) {
            maybeLaunch();
        }
        if (current == null && !consumer.paused().isEmpty()) {
            consumer.resume(consumer.assignment());
            resumed = true;
        }
        updateLag();
        if (!stopping) {
            checkReplay();
        }
        return true;
    }

    /** Completes the replay goal once every partition reached its end offset with nothing left uncommitted. */
    private void checkReplay() {
        ReplayGoal g = goal;
        if (g == null || !reached(g)) {
            return;
        }
        goal = null;
        String message = "replayed " + g.records() + " records";
        reports.publish(new SyncReport(SyncReport.SCHEMA_VERSION, targetId, List.of(), ChangeKind.CHANGE, 0,
                SyncOutcome.OK, 0, message, 0, g.startedAtMillis(), clock.millis(), g.commandId()));
        LOG.info("target [{}] catch-up {} (replay) done: {} up to the captured end offsets", targetId,
                g.commandId(), message);
        g.complete(new ReplayGoal.Result(SyncOutcome.OK, g.records(), message));
    }

    private boolean reached(ReplayGoal g) {
        if (current != null && !current.next.isEmpty()) {
            for (TopicPartition tp : current.next.keySet()) {
                if (g.endOffsets().containsKey(tp)) {
                    return false;
                }
            }
        }
        Set<TopicPartition> owned = consumer.assignment();
        for (Map.Entry<TopicPartition, Long> e : g.endOffsets().entrySet()) {
            TopicPartition tp = e.getKey();
            if (!owned.contains(tp) || pendingNext.containsKey(tp)) {
                return false;
            }
            long position;
            try {
                position = consumer.position(tp, Duration.ofSeconds(1));
            } catch (KafkaException e2) {
                return false; // not known yet: try again next turn
            }
            if (position < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private boolean shouldExit() {
        if (!stopping) {
            return false;
        }
        if (current == null || current.future == null) {
            return true; // work waiting for a retry stays uncommitted and is redelivered
        }
        if (halting || clock.instant().isAfter(stopDeadline)) {
            current.future.cancel(true);
            LOG.warn("target [{}] rsync still running {}s after stop was asked: killed; its work stays uncommitted",
                    targetId, closeGrace.toSeconds());
            return true;
        }
        return false;
    }

    /** One poll with the error handling of Kafka's consumer example; false when the loop must stop. */
    private boolean pollOnce(Duration timeout) {
        polled = 0;
        try {
            ConsumerRecords<String, ChangeBatch> records = consumer.poll(timeout);
            polled = records.count();
            for (ConsumerRecord<String, ChangeBatch> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                track(tp, r.offset());
                ReplayGoal g = goal;
                if (g != null) {
                    g.consumed(tp, r.offset());
                }
                if (r.value() == null) {
                    LOG.debug("target [{}] empty record at [{}] offset [{}] skipped", targetId, tp, r.offset());
                } else {
                    pending.add(r.value());
                }
            }
        } catch (WakeupException e) {
            // a sync finished, or stop() was called
        } catch (RecordDeserializationException e) {
            LOG.error("target [{}] record at partition [{}] offset [{}] cannot be read and is skipped: {}", targetId,
                    e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
            track(e.topicPartition(), e.offset());
        } catch (InvalidOffsetException e) {
            LOG.warn("target [{}] has no valid offset for {} (changes lost to retention?): reading from the earliest "
                    + "offset; publish a RESCAN to be sure the target is complete", targetId, e.partitions());
            consumer.seekToBeginning(e.partitions());
        } catch (AuthenticationException | AuthorizationException | UnsupportedVersionException
                 | InvalidGroupIdException e) {
            lastError = "loop stopped: " + e.getMessage();
            LOG.error("target [{}] sync loop stopped: {}; fix kafka.properties or the broker and restart", targetId,
                    e.getMessage());
            return false;
        } catch (KafkaException e) {
            LOG.warn("target [{}] poll failed, going on: {}", targetId, e.toString());
        }
        return true;
    }

    /**
     * The first poll after a resume hands out at once what the consumer fetched just before the pause: the
     * records of the sync's first moments, often a small part of what arrived while it ran (in a run at 300
     * changes/s to 10 targets, every other sync took 7-230 paths and the one after it 1,200-1,400). Launching
     * on them would spend a whole rsync on a few paths and make the rest wait for the next one. That poll
     * also sent a fresh fetch, which brings the rest in one round trip: the loop waits for it up to its
     * patience ({@link #patienceAfter} the sync that just ended), then takes what keeps coming in polls of
     * {@link #FRESH_POLL} (at most {@link #FRESH_POLLS}, and {@link #MAX_POLL_RECORDS} pending) and launches
     * at the first empty one. "At once" is measured against the same patience: on a machine whose cores are
     * all busy with rsync a woken thread waits its turn, and fixed limits of 10 ms ("at once") and 25 ms
     * (the round trip) still launched every other sync on a few paths (300 changes/s to 10 targets,
     * 2026-11-30: 6-138 paths, then 1,500-2,900). It does not ask for the end offsets: that request would
     * queue on the broker behind the fetch, which the broker holds up to {@code fetch.max.wait.ms} when
     * nothing more has arrived. False when a poll says the loop must stop.
     */
    private boolean takeBacklog() {
        for (int i = 0; i < FRESH_POLLS && pending.size() < MAX_POLL_RECORDS && !stopping; i++) {
            if (!pollOnce(i == 0 ? patience : FRESH_POLL) || halting) {
                return false;
            }
            if (polled == 0) {
                break;
            }
        }
        return true;
    }

    /**
     * How long to wait for the fresh fetch after a sync of {@code syncMillis}: a tenth of it, within
     * {@link #PATIENCE_MIN} and {@link #PATIENCE_MAX}. What arrived during the sync has already waited about
     * that long, so the wait adds at most a tenth to its latency, and taking the rest saves a whole rsync
     * run; after a one-file sync of tens of milliseconds it stays at the minimum. The price: a change that
     * first arrives within the patience after a resume is taken for backlog as well, and may wait up to the
     * patience once more before its sync starts.
     */
    static Duration patienceAfter(long syncMillis) {
        long tenth = Math.max(0, syncMillis) / 10;
        return Duration.ofMillis(Math.max(PATIENCE_MIN.toMillis(), Math.min(PATIENCE_MAX.toMillis(), tenth)));
    }

    private Duration pollTimeout() {
        if (stopping) {
            return Duration.ofMillis(100);
        }
        boolean waitingToLaunch = current == null ? !pendingNext.isEmpty() : current.future == null;
        if (waitingToLaunch) {
            Duration wait = Duration.between(clock.instant(), nextAttemptAt);
            if (wait.isNegative()) {
                return Duration.ZERO;
            }
            return wait.compareTo(POLL) < 0 ? wait : POLL;
        }
        return POLL;
    }

    private void track(TopicPartition tp, long offset) {
        pendingFirst.putIfAbsent(tp, offset);
        pendingNext.merge(tp, offset + 1, Math::max);
    }

    private void maybeLaunch() {
        if (clock.instant().isBefore(nextAttemptAt)) {
            return;
        }
        if (current == null) {
            if (pendingNext.isEmpty()) {
                return;
            }
            current = new Attempt(PendingWork.of(pending), new HashMap<>(pendingFirst), new HashMap<>(pendingNext));
            pending.clear();
            pendingFirst.clear();
            pendingNext.clear();
            if (!current.work.needsSync()) {
                commit(current.next); // heartbeats and skipped records: nothing to send
                current = null;
                return;
            }
        }
        if (current.future == null) {
            consumer.pause(consumer.assignment());
            inFlight = true;
            current.future = syncs.submit(targetId, url, current.work, !initialDone, consumer::wakeup);
        }
    }

    /** Handles the finished sync; false when it ended the replay and with it the loop. */
    private boolean finish() {
        Attempt a = current;
        SyncResult result = resultOf(a);
        a.future = null;
        inFlight = false;
        patience = patienceAfter(result.durationMillis());
        sameOutcomeRuns = result.outcome() == lastOutcome ? sameOutcomeRuns + 1 : 1;
        lastOutcome = result.outcome();
        SyncRetryPolicy.Decision decision = policy.decide(result.outcome(), sameOutcomeRuns);
        ReplayGoal g = goal;
        boolean endsReplay = g != null && !stopping
                && (result.outcome() == SyncOutcome.TARGET_DOWN || result.outcome() == SyncOutcome.FATAL_CONFIG);
        String message = endsReplay ? "replay stopped after " + g.records() + " records: " + result.reason()
                + "; the target keeps its offsets" : result.message();
        if (result.kind() != ChangeKind.HEARTBEAT || endsReplay) {
            reports.publish(new SyncReport(SyncReport.SCHEMA_VERSION, targetId, a.work.batchIds(), result.kind(),
                    result.kind() == ChangeKind.RESCAN ? 0 : result.pathCount(), result.outcome(), result.exitCode(),
                    message, a.work.oldestObservedAtMillis(), result.startedAtMillis(), result.finishedAtMillis(),
                    endsReplay ? g.commandId() : null, null, ranges(a)));
        }
        if (endsReplay) {
            goal = null;
            lastError = message;
            LOG.warn("target [{}] catch-up {} (replay) failed: {}; loop stopped", targetId, g.commandId(), message);
            g.complete(new ReplayGoal.Result(result.outcome(), g.records(), message));
            return false;
        }
        if (result.outcome() == SyncOutcome.OK || result.outcome() == SyncOutcome.PARTIAL) {
            syncCount++;
        }
        if (decision.toDustbin() && !dustbin.open(targetId, url, a.work, result)) {
            // committing now would lose the failed paths: redo the whole work later, as for a down target
            decision = new SyncRetryPolicy.Decision(false, SyncRetryPolicy.backoff(sameOutcomeRuns), false);
        }
        if (decision.commit()) {
            commit(a.next);
            current = null;
            nextAttemptAt = Instant.EPOCH;
            sameOutcomeRuns = 0;
            lastOutcome = SyncOutcome.OK;
            if (result.kind() == ChangeKind.RESCAN) {
                initialDone = true;
            }
            logCommitted(result, decision);
        } else {
            nextAttemptAt = clock.instant().plus(decision.retryAfter());
            lastError = result.message();
            logRetry(result, decision.retryAfter());
        }
        return true;
    }

    /** The records of {@code changes} the attempt consumed, for the report. */
    private static List<OffsetRange> ranges(Attempt a) {
        List<OffsetRange> out = new ArrayList<>();
        a.next.forEach((tp, next) -> out.add(new OffsetRange(tp.partition(), a.first.getOrDefault(tp, next), next)));
        out.sort(java.util.Comparator.comparingInt(OffsetRange::partition));
        return out;
    }

    private SyncResult resultOf(Attempt a) {
        try {
            return a.future.get();
        } catch (ExecutionException | CancellationException e) {
            long now = clock.millis();
            return new SyncResult(SyncOutcome.TARGET_DOWN, "sync failed: " + e, "sync failed: " + e, List.of(), 0,
                    a.work.kind(), 0, now, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            long now = clock.millis();
            return new SyncResult(SyncOutcome.TARGET_DOWN, "interrupted", "interrupted", List.of(), 0, a.work.kind(),
                    0, now, now);
        }
    }

    private void logCommitted(SyncResult result, SyncRetryPolicy.Decision decision) {
        if (troubleSince != null) {
            LOG.info("target [{}] back in sync after {}s of trouble ({})", targetId,
                    Duration.between(troubleSince, clock.instant()).toSeconds(), loggedProblem);
            troubleSince = null;
            loggedProblem = "";
        }
        if (decision.toDustbin()) {
            lastError = result.message(); // logged by the dustbin publisher with the entry id
            lastSyncMillis = result.finishedAtMillis();
            return;
        }
        lastError = "";
        lastSyncMillis = result.finishedAtMillis();
        if (!result.message().isEmpty()) {
            LOG.info("target [{}] synced with a note: {}", targetId, result.message());
        }
        if (result.kind() == ChangeKind.RESCAN) {
            LOG.info("target [{}] full sync done in [{}] ms", targetId, result.durationMillis());
        } else {
            LOG.debug("target [{}] pushed [{}] paths in [{}] ms", targetId, result.pathCount(),
                    result.durationMillis());
        }
    }

    private void logRetry(SyncResult result, Duration after) {
        if (troubleSince == null) {
            troubleSince = clock.instant();
        }
        String problem = result.outcome() + " " + result.reason();
        boolean changed = !problem.equals(loggedProblem);
        loggedProblem = problem;
        String wait = after.toMillis() % 1000 == 0 ? after.toSeconds() + "s" : after.toMillis() + "ms";
        switch (result.outcome()) {
            case TARGET_DOWN -> {
                if (changed) {
                    LOG.warn("target [{}] down ({}): retrying in {}; offset kept", targetId, result.reason(), wait);
                } else {
                    LOG.debug("target [{}] still down ({}): retrying in {}", targetId, result.reason(), wait);
                }
            }
            case FATAL_CONFIG -> {
                if (changed) {
                    LOG.error("target [{}] cannot be synced: {}; offset kept, retrying in {}", targetId,
                            result.message(), wait);
                } else {
                    LOG.debug("target [{}] still misconfigured ({}): retrying in {}", targetId, result.reason(), wait);
                }
            }
            default -> LOG.warn("target [{}] partial sync ({}) but its failed paths {} cannot be stored in the "
                    + "dustbin: offsets kept, the whole work runs again in {}", targetId, result.reason(),
                    result.failedPaths(), wait);
        }
    }

    /**
     * Commits the next offsets through the target's group (no membership, so no generation to be fenced by);
     * a failure only means redelivery.
     */
    private void commit(Map<TopicPartition, Long> next) {
        if (next.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync(offsets);
                return;
            } catch (WakeupException e) {
                if (attempt >= 3) {
                    LOG.warn("target [{}] commit interrupted by wakeups; the synced records may be redelivered",
                            targetId);
                    return;
                }
            } catch (CommitFailedException e) {
                LOG.warn("target [{}] commit rejected: its group has active members (a client that subscribed with "
                        + "the group id, e.g. a worker of an older version); the synced records will be "
                        + "redelivered, which is harmless", targetId);
                return;
            } catch (KafkaException e) {
                LOG.warn("target [{}] commit failed ({}): the synced records will be redelivered", targetId,
                        e.toString());
                return;
            }
        }
    }

    private void updateLag() {
        long sum = 0;
        for (TopicPartition tp : consumer.assignment()) {
            sum += consumer.currentLag(tp).orElse(0);
        }
        sum += uncommitted(pendingFirst, pendingNext);
        if (current != null) {
            sum += uncommitted(current.first, current.next);
        }
        lag = sum;
    }

    private static long uncommitted(Map<TopicPartition, Long> first, Map<TopicPartition, Long> next) {
        long n = 0;
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            n += e.getValue() - first.getOrDefault(e.getKey(), e.getValue());
        }
        return n;
    }
}

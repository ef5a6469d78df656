package io.syncfleet.worker.app;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.worker.domain.PendingWork;
import io.syncfleet.worker.domain.SyncResult;
import io.syncfleet.worker.domain.SyncRetryPolicy;
import io.syncfleet.worker.domain.TargetDuty;
import io.syncfleet.worker.kafka.ReplayGoal;
import io.syncfleet.worker.kafka.TargetSyncLoop;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target this worker owns: its live {@link TargetSyncLoop} and the catch-up commands it runs, driven
 * by the target's status on the {@code targets} topic through {@link TargetDuty}.
 *
 * <p>Everything that changes this object runs on its {@link SerialExecutor}, in order; long work never
 * does (the full rsync runs on the {@link io.syncfleet.worker.process.SyncRunner} pool, a replay in the
 * loop's thread) and reports back to the serial executor when it ends. A catch-up step that Kafka refuses
 * (no answer, an error) is retried with backoff until it succeeds or the target's status moves on.
 *
 * <p>The target's group never has members (its loop assigns partitions, see {@link TargetSyncLoop}), so
 * Kafka lets the Admin client move its offsets at any time, even under a running loop. Offsets are
 * therefore moved (REPLAY from a time, the commit of a FULL) only once this target's loop is stopped and
 * its thread has ended; a loop that outlived its stop holds the move, and the start of a new loop, back
 * until it ends. A loop whose target is lost (another worker may own it already) or removed from the
 * fleet (the keeper deletes its group) is halted: no final commit.
 *
 * <p>Catch-up commands:
 * <ul>
 *   <li>REPLAY: stop the loop; with {@code replayFromMillis >= 0} move the target's group to the offsets at
 *       that time; capture the end offsets of {@code changes}; start the loop with a {@link ReplayGoal}. The
 *       loop reports the command (OK "replayed N records", or the failing sync's outcome).</li>
 *   <li>FULL: capture the end offsets first, then run a full rsync of every root; on OK or PARTIAL (its failed
 *       paths stored in the dustbin first) commit the captured offsets to the target's group and report.
 *       Whatever changed during the full sync lies after them and is replayed by the live loop once the target
 *       is READY.</li>
 * </ul>
 */
final class OwnedTarget {

    private static final Logger LOG = LoggerFactory.getLogger(OwnedTarget.class);

    /** A catch-up command being carried out. */
    private static final class CatchUp {
        final CatchUpCommand command;
        final long startedAtMillis;
        volatile boolean cancelled;
        volatile Future<SyncResult> fullSync;
        Map<TopicPartition, Long> endOffsets;
        int attempts;
        TargetUrl url;
        PendingWork roots;
        boolean binned;

        CatchUp(CatchUpCommand command, long startedAtMillis) {
            this.command = command;
            this.startedAtMillis = startedAtMillis;
        }

        String label() {
            return command.id() + " (" + command.mode().word() + ")";
        }
    }

    private final String id;
    private final WorkerContext ctx;
    private final SerialExecutor serial;
    private final String group;

    // written on the serial executor only; volatile for status() and halt()
    private volatile TargetStatus status;
    private volatile TargetSyncLoop loop;
    private volatile CatchUp job;
    private TargetSyncLoop lingering; // stopped but its thread has not ended yet
    private volatile String urlError = "";
    private volatile boolean released;
    private volatile boolean halted;
    private String loopCommandId;
    private final Set<String> executed = new HashSet<>();

    OwnedTarget(String id, WorkerContext ctx) {
        this.id = id;
        this.ctx = ctx;
        this.serial = new SerialExecutor(ctx.control(), "target " + id);
        this.group = ctx.topics().targetGroup(id);
    }

    String id() {
        return id;
    }

    /** Hands the target's latest status (null: removed) to its serial executor. */
    void update(TargetStatus next) {
        serial.execute(() -> apply(next));
    }

    /**
     * Cancels the catch-up and stops the loop: gracefully (an in-flight sync may finish and commit), or,
     * when the target is {@code lost} to another worker, halted without a final commit. Completes when both
     * are stopped.
     */
    CompletableFuture<Void> release(String why, boolean lost) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        released = true;
        String reason = "released (" + why + ")";
        serial.execute(() -> {
            try {
                cancelJob(reason);
                if (lost) {
                    haltLoop(reason);
                } else {
                    stopLoop(reason);
                }
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    /** As a crash: the loop is halted without a commit, a full rsync killed; returns at once. */
    void halt() {
        halted = true;
        released = true;
        TargetSyncLoop l = loop;
        if (l != null) {
            l.halt();
        }
        CatchUp j = job;
        if (j != null && j.fullSync != null) {
            j.cancelled = true;
            j.fullSync.cancel(true);
        }
    }

    TargetSyncStatus status() {
        TargetStatus s = status;
        String url = s == null ? "" : s.url();
        String state = s == null ? "REMOVED" : s.state().name();
        CatchUp j = job;
        String catchUp = j == null ? "" : j.command.mode().word() + " " + j.command.id();
        TargetSyncLoop l = loop;
        if (l == null) {
            boolean fullRunning = j != null && j.fullSync != null && !j.fullSync.isDone();
            return new TargetSyncStatus(id, url, state, 0, 0, urlError, fullRunning, 0, catchUp);
        }
        TargetSyncLoop.Status ls = l.status();
        return new TargetSyncStatus(id, url, state, ls.lag(), ls.lastSyncMillis(),
                urlError.isEmpty() ? ls.lastError() : urlError, ls.inFlight(), ls.syncs(), catchUp);
    }

    // ---- on the serial executor ----

    private void apply(TargetStatus next) {
        if (released) {
            return;
        }
        TargetStatus before = status;
        status = next;
        if (loop != null && !loop.status().running() && !loop.replaying()) {
            loop.close(); // stopped by itself (a fatal Kafka error): the duty below decides about a new one
            loop = null;
            loopCommandId = null;
        }
        if (next != null && before != null && !next.url().equals(before.url()) && (loop != null || job != null)) {
            CatchUp j = job;
            if (j != null) {
                executed.remove(j.command.id()); // run it again, against the new url
            }
            cancelJob("url changed to [" + next.url() + "]");
            stopLoop("url changed to [" + next.url() + "]");
        }
        TargetDuty duty = TargetDuty.decide(next, loop != null, loopCommandId, job == null ? null : job.command.id(),
                executed);
        String why = next == null ? "removed from the fleet" : "is " + next.state() + " (" + next.reason() + ")";
        if (duty.cancelCatchUp()) {
            cancelJob(why);
        }
        switch (duty.loop()) {
            case STOP -> {
                if (next == null) {
                    haltLoop(why); // the keeper deletes the target's group: no commit may recreate it
                } else {
                    stopLoop(why);
                }
            }
            case START -> startLiveLoop();
            case KEEP -> {
                if (loop != null && loopCommandId != null && next != null && next.state() == TargetState.READY) {
                    loop.detachReplay();
                    loopCommandId = null;
                    LOG.info("target [{}] is READY: its replay loop goes on as the live loop", id);
                }
            }
        }
        if (duty.runCatchUp() != null) {
            startJob(duty.runCatchUp());
        } else if (before == null && next != null && next.state() != TargetState.READY && loop == null
                && job == null) {
            LOG.info("target [{}] is {} ({}): not synced until READY", id, next.state(), next.reason());
        }
    }

    private TargetUrl parseUrl() {
        try {
            TargetUrl url = TargetUrl.parse(status.url());
            urlError = "";
            return url;
        } catch (IllegalArgumentException e) {
            urlError = "bad url: " + e.getMessage();
            LOG.error("target [{}] not synced: url [{}] on the targets topic is invalid: {}", id, status.url(),
                    e.getMessage());
            return null;
        }
    }

    private void startLiveLoop() {
        TargetUrl url = parseUrl();
        if (url == null) {
            return;
        }
        if (!previousLoopEnded()) {
            later(Duration.ofSeconds(1), "start of its sync loop", () -> apply(status));
            return;
        }
        TargetSyncLoop l = ctx.loops().create(id, url);
        loop = l;
        loopCommandId = null;
        l.start();
        haltIfHalted(l);
        LOG.info("target [{}] is READY: syncing to [{}] as group [{}]", id, url, group);
    }

    /** A loop started while {@link #halt()} ran must not outlive it. */
    private void haltIfHalted(TargetSyncLoop l) {
        if (halted) {
            l.halt();
        }
    }

    private void stopLoop(String why) {
        TargetSyncLoop l = loop;
        if (l == null) {
            return;
        }
        l.stop(); // from here on it starts no sync
        loop = null;
        loopCommandId = null;
        LOG.info("target [{}] {}: stopping its sync loop, committed offsets kept", id, why);
        l.close();
        rememberIfRunning(l);
    }

    /** Ends the loop at once, as a crash would: its in-flight rsync is killed, nothing more is committed. */
    private void haltLoop(String why) {
        TargetSyncLoop l = loop;
        if (l == null) {
            return;
        }
        l.halt();
        loop = null;
        loopCommandId = null;
        LOG.info("target [{}] {}: sync loop halted without a final commit; uncommitted work is redone by the "
                + "target's next loop", id, why);
        l.awaitStopped(Duration.ofSeconds(15));
        rememberIfRunning(l);
    }

    private void rememberIfRunning(TargetSyncLoop l) {
        if (!l.awaitStopped(Duration.ZERO)) {
            lingering = l;
            LOG.warn("target [{}] sync loop has not ended after its stop; offsets are not moved and no new loop "
                    + "starts until it does", id);
        }
    }

    /** True when no earlier loop of this target can commit any more. */
    private boolean previousLoopEnded() {
        TargetSyncLoop l = lingering;
        if (l != null && l.awaitStopped(Duration.ZERO)) {
            lingering = null;
        }
        return lingering == null;
    }

    private void cancelJob(String why) {
        CatchUp j = job;
        if (j == null) {
            return;
        }
        job = null;
        j.cancelled = true;
        Future<SyncResult> f = j.fullSync;
        if (f != null) {
            f.cancel(true);
        }
        LOG.info("target [{}] catch-up {} cancelled: target {}", id, j.label(), why);
    }

    private void startJob(CatchUpCommand command) {
        executed.add(command.id());
        CatchUp j = new CatchUp(command, ctx.clock().millis());
        job = j;
        LOG.info("target [{}] catch-up {} starts{}", id, j.label(), command.mode() == CatchUpMode.REPLAY
                && command.replayFromMillis() >= 0 ? " from " + java.time.Instant.ofEpochMilli(
                command.replayFromMillis()) : "");
        runJob(j);
    }

    private boolean current(CatchUp j) {
        return j == job && !j.cancelled && !released;
    }

    private void runJob(CatchUp j) {
        if (!current(j)) {
            return;
        }
        TargetUrl url = parseUrl();
        if (url == null) {
            finishJob(j, SyncOutcome.FATAL_CONFIG, -1, j.command.mode() == CatchUpMode.FULL ? ChangeKind.RESCAN
                    : ChangeKind.CHANGE, urlError + ": fix the target's url");
            return;
        }
        stopLoop("starts catch-up " + j.label());
        if (!previousLoopEnded()) {
            retryLater(j, "catch-up " + j.label(), "its previous sync loop has not ended", () -> runJob(j));
            return;
        }
        try {
            if (j.command.mode() == CatchUpMode.REPLAY) {
                startReplay(j, url);
            } else {
                startFull(j, url);
            }
        } catch (KafkaException e) {
            retryLater(j, "catch-up " + j.label(), e.toString(), () -> runJob(j));
        }
    }

    private void startReplay(CatchUp j, TargetUrl url) {
        long from = j.command.replayFromMillis();
        if (from >= 0) {
            Map<TopicPartition, Long> at = ctx.offsets().offsetsAt(from);
            ctx.offsets().commit(group, at);
            LOG.info("target [{}] group [{}] moved to {} for catch-up {}: offsets {}", id, group,
                    java.time.Instant.ofEpochMilli(from), j.label(), at);
        }
        Map<TopicPartition, Long> ends = ctx.offsets().endOffsets();
        ReplayGoal goal = new ReplayGoal(j.command.id(), ends, j.startedAtMillis);
        TargetSyncLoop l = ctx.loops().create(id, url);
        loop = l;
        loopCommandId = j.command.id();
        goal.done().whenComplete((result, error) -> serial.execute(() -> replayEnded(j, l, result)));
        l.start(goal);
        haltIfHalted(l);
        LOG.info("target [{}] replaying from its committed offsets up to {}", id, ends);
    }

    private void replayEnded(CatchUp j, TargetSyncLoop l, ReplayGoal.Result result) {
        boolean ok = result != null && result.ok();
        if (j == job) {
            job = null;
            if (ok) {
                LOG.info("target [{}] catch-up {} reported OK ({}); its loop goes on, waiting for READY", id,
                        j.label(), result.message());
            }
        }
        if (!ok && l == loop) {
            loop = null; // the loop stopped itself with the replay
            loopCommandId = null;
            l.close();
            TargetStatus s = status;
            if (!released && s != null && s.state() == TargetState.READY) {
                startLiveLoop();
            }
        }
    }

    private void startFull(CatchUp j, TargetUrl url) {
        if (j.endOffsets == null) {
            j.endOffsets = ctx.offsets().endOffsets();
        }
        boolean neverSynced;
        try {
            neverSynced = ctx.offsets().committed(group).isEmpty();
        } catch (KafkaException e) {
            neverSynced = false;
        }
        long now = ctx.clock().millis();
        PendingWork roots = PendingWork.of(List.of(ChangeBatch.of(j.command.id(), ChangeKind.RESCAN,
                ctx.config().source().paths(), now, now, ctx.workerId())));
        LOG.info("target [{}] catch-up {}: full sync of {} from end offsets {} ({} permit)", id, j.label(),
                roots.rescanRoots(), j.endOffsets, neverSynced ? "maxInit, a new target" : "maxRecovery");
        j.url = url;
        j.roots = roots;
        j.fullSync = ctx.syncs().submitCatchUp(id, url, roots, neverSynced,
                () -> serial.execute(() -> fullEnded(j)));
    }

    private void fullEnded(CatchUp j) {
        if (!current(j)) {
            return;
        }
        SyncResult r = resultOf(j.fullSync);
        if (r.outcome() == SyncOutcome.OK || r.outcome() == SyncOutcome.PARTIAL) {
            commitFull(j, r);
        } else {
            finishJob(j, r.outcome(), r.exitCode(), ChangeKind.RESCAN, r.message());
        }
    }

    private void commitFull(CatchUp j, SyncResult r) {
        if (!current(j)) {
            return;
        }
        if (!previousLoopEnded()) {
            retryLater(j, "commit of catch-up " + j.label(), "a sync loop has not ended", () -> commitFull(j, r));
            return;
        }
        if (r.outcome() == SyncOutcome.PARTIAL && !j.binned) {
            if (!ctx.dustbin().open(id, j.url, j.roots, r)) {
                retryLater(j, "dustbin entry of catch-up " + j.label(), "the dustbin topic did not take it",
                        () -> commitFull(j, r));
                return;
            }
            j.binned = true; // the failed paths are retried from the dustbin; the catch-up is done
        }
        try {
            ctx.offsets().commit(group, j.endOffsets);
        } catch (KafkaException e) {
            retryLater(j, "commit of catch-up " + j.label(), e.toString(), () -> commitFull(j, r));
            return;
        }
        String message = "full sync done in " + r.durationMillis() + " ms; group moved to the end offsets captured "
                + "before it" + (r.message().isEmpty() ? "" : "; " + r.message());
        finishJob(j, r.outcome(), r.exitCode(), ChangeKind.RESCAN, message);
    }

    private void finishJob(CatchUp j, SyncOutcome outcome, int exitCode, ChangeKind kind, String message) {
        if (j == job) {
            job = null;
        }
        ctx.reports().publish(new SyncReport(SyncReport.SCHEMA_VERSION, id, List.of(), kind, 0, outcome, exitCode,
                message, 0, j.startedAtMillis, ctx.clock().millis(), j.command.id()));
        if (outcome == SyncOutcome.OK || outcome == SyncOutcome.PARTIAL) {
            LOG.info("target [{}] catch-up {} reported {}: {}", id, j.label(), outcome, message);
        } else {
            LOG.warn("target [{}] catch-up {} reported {}: {}", id, j.label(), outcome, message);
        }
    }

    private void retryLater(CatchUp j, String what, String why, Runnable step) {
        j.attempts++;
        Duration wait = SyncRetryPolicy.backoff(Math.min(j.attempts, 4)); // 1, 2, 4, then every 8 s
        if (j.attempts == 1) {
            LOG.warn("target [{}] {} waits ({}): retrying in {}s", id, what, why, wait.toSeconds());
        } else {
            LOG.debug("target [{}] {} still waits ({}): retrying in {}s", id, what, why, wait.toSeconds());
        }
        later(wait, what, step);
    }

    /** Runs {@code step} on the serial executor after {@code wait}, unless the worker is stopping. */
    private void later(Duration wait, String what, Runnable step) {
        try {
            ctx.retries().schedule(() -> serial.execute(step), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("target [{}] {} not retried: the worker is stopping", id, what);
        }
    }

    private SyncResult resultOf(Future<SyncResult> f) {
        try {
            return f.get();
        } catch (ExecutionException | CancellationException e) {
            long now = ctx.clock().millis();
            return new SyncResult(SyncOutcome.TARGET_DOWN, "sync failed: " + e, "sync failed: " + e, List.of(), 0,
                    ChangeKind.RESCAN, 0, now, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            long now = ctx.clock().millis();
            return new SyncResult(SyncOutcome.TARGET_DOWN, "interrupted", "interrupted", List.of(), 0,
                    ChangeKind.RESCAN, 0, now, now);
        }
    }
}

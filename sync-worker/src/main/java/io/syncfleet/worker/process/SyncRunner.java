package io.syncfleet.worker.process;

import io.syncfleet.common.config.RsyncConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.worker.domain.PendingWork;
import io.syncfleet.worker.domain.RsyncInvocation;
import io.syncfleet.worker.domain.RsyncOutcomeClassifier;
import io.syncfleet.worker.domain.RsyncPlanner;
import io.syncfleet.worker.domain.SyncPlan;
import io.syncfleet.worker.domain.SyncResult;
import io.syncfleet.worker.metrics.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the syncs of every target of this worker on a shared pool, off the poll threads.
 *
 * <p>Each rsync process holds one permit of {@code rsync.maxProcesses}. A full sync also holds one of
 * {@code rsync.maxInit} when it is a target's first (a live loop's first RESCAN, or the catch-up of a target
 * never synced), or one of {@code rsync.maxRecovery} when it is the catch-up of a recovered target. That
 * permit is taken first, so a waiting full sync never sits on a process permit. A sync plans its runs
 * right before running them, so existence checks see the source as rsync will, runs them in order and
 * stops at the first TARGET_DOWN or FATAL_CONFIG.
 *
 * <p>Hard timeouts are a last resort for a wedged process ({@code --timeout} already ends stalled I/O):
 * an incremental push gets 30 times {@code rsync.timeout} (at least 5 min); a full sync of a large tree
 * can rightly take hours and gets 24 h.
 */
public final class SyncRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);
    static final Duration FULL_HARD_TIMEOUT = Duration.ofHours(24);

    private final RsyncPlanner planner;
    private final Predicate<RelPath> existsAtSource;
    private final Predicate<RelPath> directoryAtSource;
    private final ProcessRunner runner;
    private final RsyncOutcomeClassifier classifier;
    private final Clock clock;
    private final RsyncFailure.Sink failures;
    private final Semaphore processes;
    private final Semaphore initialSyncs;
    private final Semaphore recoverySyncs;
    private final Duration incrementalHardTimeout;
    private final ExecutorService pool;
    private final WorkerMetrics metrics;
    private final ProgressBoard progress;

    /** A runner whose meters record nowhere and that takes no listed path for a directory (no LISTING runs). */
    public SyncRunner(RsyncPlanner planner, Predicate<RelPath> existsAtSource, ProcessRunner runner,
                      RsyncOutcomeClassifier classifier, RsyncConfig rsync, Clock clock, RsyncFailure.Sink failures) {
        this(planner, existsAtSource, p -> false, runner, classifier, rsync, clock, failures, new WorkerMetrics());
    }

    /**
     * @param existsAtSource true for a path that exists at the source (lstat)
     * @param directoryAtSource true for a path that is a directory at the source (lstat): its entries are
     *                          reconciled too (see {@link RsyncPlanner})
     * @param failures every rsync run that does not end OK is recorded there (the rsync error log)
     * @param metrics records each rsync run's duration and bytes
     */
    public SyncRunner(RsyncPlanner planner, Predicate<RelPath> existsAtSource, Predicate<RelPath> directoryAtSource,
                      ProcessRunner runner, RsyncOutcomeClassifier classifier, RsyncConfig rsync, Clock clock,
                      RsyncFailure.Sink failures, WorkerMetrics metrics) {
        this.metrics = metrics;
        this.progress = new ProgressBoard(clock);
        this.planner = planner;
        this.existsAtSource = existsAtSource;
        this.directoryAtSource = directoryAtSource;
        this.runner = runner;
        this.classifier = classifier;
        this.clock = clock;
        this.failures = failures;
        this.processes = new Semaphore(Math.max(1, rsync.maxProcesses()), true);
        this.initialSyncs = new Semaphore(Math.max(1, rsync.maxInit()), true);
        this.recoverySyncs = new Semaphore(Math.max(1, rsync.maxRecovery()), true);
        Duration scaled = rsync.timeout().multipliedBy(30);
        this.incrementalHardTimeout = scaled.compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofMinutes(5) : scaled;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rsync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} against {@code target} on the pool. {@code whenDone} runs after the result is set
     * (the loop wakes its consumer with it). Cancelling the future with interruption kills the running rsync.
     *
     * @param initial true for the target's first sync since its loop started: a full sync then takes a
     *                {@code maxInit} permit
     */
    public Future<SyncResult> submit(String targetId, TargetUrl target, PendingWork work, boolean initial,
                                     Runnable whenDone) {
        return execute(targetId, target, work, initial ? initialSyncs : null, whenDone);
    }

    /**
     * Runs the full sync of a catch-up command ({@code work} holds the roots as RESCAN) on the pool, like
     * {@link #submit}.
     *
     * @param neverSynced true when the target has no progress at all yet (a new target): it takes a
     *                    {@code maxInit} permit; otherwise a {@code maxRecovery} permit
     */
    public Future<SyncResult> submitCatchUp(String targetId, TargetUrl target, PendingWork work, boolean neverSynced,
                                            Runnable whenDone) {
        return execute(targetId, target, work, neverSynced ? initialSyncs : recoverySyncs, whenDone);
    }

    private Future<SyncResult> execute(String targetId, TargetUrl target, PendingWork work, Semaphore fullPermit,
                                       Runnable whenDone) {
        FutureTask<SyncResult> task = new FutureTask<>(() -> {
            try {
                return run(targetId, target, work, fullPermit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                long now = clock.millis();
                return new SyncResult(SyncOutcome.TARGET_DOWN, "cancelled", "cancelled: the worker is shutting down",
                        List.of(), 0, work.kind(), 0, now, now);
            } catch (RuntimeException e) {
                LOG.error("target [{}] sync failed inside the worker; the work will be retried", targetId, e);
                long now = clock.millis();
                return new SyncResult(SyncOutcome.TARGET_DOWN, "internal error: " + e,
                        "internal error: " + e + ": " + RsyncOutcomeClassifier.RETRY, List.of(), 0, work.kind(), 0,
                        now, now);
            }
        }) {
            @Override
            protected void done() {
                try {
                    whenDone.run(); // after the result is set, so the woken loop sees isDone()
                } catch (RuntimeException e) {
                    LOG.debug("target [{}] could not be told its sync ended: {}", targetId, e.toString());
                }
            }
        };
        pool.execute(task);
        return task;
    }

    /**
     * Plans and runs {@code work} in the calling thread.
     *
     * @param fullPermit taken around the runs when the plan holds a full sync; null for none
     */
    SyncResult run(String targetId, TargetUrl target, PendingWork work, Semaphore fullPermit)
            throws InterruptedException {
        long started = clock.millis();
        SyncPlan plan = planner.plan(work, target, existsAtSource, directoryAtSource);
        if (!plan.missingRoots().isEmpty()) {
            LOG.warn("target [{}] roots {} are missing at the source: nothing sent or deleted for them "
                    + "(an unmounted disk must not empty the targets)", targetId, plan.missingRoots());
        }
        ChangeKind kind = plan.hasFullSync() ? ChangeKind.RESCAN
                : plan.invocations().isEmpty() ? ChangeKind.HEARTBEAT : ChangeKind.CHANGE;
        Semaphore permit = fullPermit != null && plan.hasFullSync() ? fullPermit : null;
        if (permit != null) {
            permit.acquire();
        }
        try {
            SyncOutcome worst = SyncOutcome.OK;
            String reason = "";
            String message = "";
            int exitCode = 0;
            List<String> failed = new ArrayList<>();
            for (RsyncInvocation inv : plan.invocations()) {
                RunOutcome c = runOne(targetId, inv);
                if (c.result().outcome() != SyncOutcome.OK || !c.result().message().isEmpty()) {
                    if (rank(c.result().outcome()) >= rank(worst)) {
                        worst = c.result().outcome();
                        reason = c.result().reason();
                        message = c.result().message();
                        exitCode = c.exitCode();
                    }
                    failed.addAll(c.result().failedPaths());
                }
                if (c.result().outcome() == SyncOutcome.TARGET_DOWN || c.result().outcome() == SyncOutcome.FATAL_CONFIG) {
                    break;
                }
            }
            return new SyncResult(worst, reason, message, failed, exitCode, kind, plan.pathCount(), started,
                    clock.millis());
        } finally {
            if (permit != null) {
                permit.release();
            }
        }
    }

    private record RunOutcome(RsyncOutcomeClassifier.Classification result, int exitCode) {
    }

    /** What the running full syncs report ({@code --info=progress2}). */
    public ProgressBoard progress() {
        return progress;
    }

    private RunOutcome runOne(String targetId, RsyncInvocation inv) throws InterruptedException {
        processes.acquire();
        ProcessResult r;
        boolean full = inv.kind() == RsyncInvocation.Kind.FULL;
        try (ProgressBoard.Run run = progress.follow(targetId, inv)) {
            Duration hard = full ? FULL_HARD_TIMEOUT : incrementalHardTimeout;
            r = runner.run(inv.argv(), inv.workDir(), inv.filesFrom(), hard, run::onLine);
            metrics.rsyncRun(targetId, full, r.durationMillis(), run.bytes(), run.files());
        } finally {
            processes.release();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("rsync for target [" + targetId + "] cancelled");
        }
        RsyncOutcomeClassifier.Classification c = classifier.classify(r.exitCode(), r.stderr());
        if (c.outcome() != SyncOutcome.OK) {
            failures.record(new RsyncFailure(clock.millis(), targetId, full, full ? List.of(inv.root().encoded())
                    : RsyncFailure.pathsOf(c.failedPaths(), inv.listed()), r.exitCode(), c.outcome(), c.reason(),
                    r.stderr()));
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("target [{}] {} of [{}] exited {} in [{}] ms: {}", targetId, inv.kind(),
                    inv.kind() == RsyncInvocation.Kind.FULL ? inv.root() : inv.pathCount() + " paths", r.exitCode(),
                    r.durationMillis(), c.outcome());
        }
        return new RunOutcome(c, r.exitCode());
    }

    private static int rank(SyncOutcome o) {
        return switch (o) {
            case OK -> 0;
            case PARTIAL -> 1;
            case TARGET_DOWN -> 2;
            case FATAL_CONFIG -> 3;
        };
    }

    /** Stops the pool; running rsyncs are killed. Loops finish their in-flight syncs before this is called. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("rsync pool still busy 10s after shutdown: some rsync processes did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

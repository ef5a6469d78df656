package io.syncfleet.keeper.app;

import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.HooksConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.keeper.domain.AfterSyncTracker;
import io.syncfleet.keeper.domain.AfterSyncTracker.Firing;
import io.syncfleet.keeper.process.CommandResult;
import io.syncfleet.keeper.process.CommandRunner;
import io.syncfleet.keeper.process.HookRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code hooks.afterSync} and {@code hooks.afterSyncPerTarget} when {@link AfterSyncTracker} says so: the
 * batch's relative paths on stdin, each followed by a NUL byte, {@code SYNCFLEET_BATCH} and
 * {@code SYNCFLEET_TARGETS} (all-targets run) or {@code SYNCFLEET_TARGET} (per-target run) in the environment.
 *
 * <p>Each kind of hook runs on its own thread ({@code after-sync-hook}, {@code after-sync-target-hook}), one run
 * at a time in the order the batches completed (a CDN purge script is not run 50 times in parallel); up to
 * {@link #MAX_WAITING} runs wait, more are dropped with a warning. A run that fails is logged with its exit
 * code and stderr, one that outlives {@code hooks.timeout} is killed; neither stops anything.
 *
 * <p>Thread-safe: reports, change batches and the periodic {@link #tick} come from different threads.
 */
final class AfterSyncHooks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AfterSyncHooks.class);
    /** How long a batch may take to reach every ready target before it is given up on. */
    static final Duration MAX_WAIT = Duration.ofMinutes(10);
    /** How long after a batch's last part was read its parts are taken as complete. */
    static final Duration SETTLE = Duration.ofMillis(500);
    /** How often batches are decided. */
    static final Duration TICK = Duration.ofMillis(250);
    /** Paths held for batches not yet complete, over all batches. */
    static final int MAX_PATHS = 1_000_000;
    static final int MAX_WAITING = 1000;

    private final HooksConfig config;
    private final CommandRunner runner;
    private final Clock clock;
    private final Supplier<Set<String>> ready;
    private final AfterSyncTracker tracker;
    private final ThreadPoolExecutor allPool;
    private final ThreadPoolExecutor perTargetPool;

    /** @param ready the ids of the targets that are READY now */
    AfterSyncHooks(HooksConfig config, CommandRunner runner, Clock clock, Supplier<Set<String>> ready) {
        this.config = config;
        this.runner = runner;
        this.clock = clock;
        this.ready = ready;
        this.tracker = new AfterSyncTracker(SETTLE.toMillis(), MAX_WAIT.toMillis(), MAX_PATHS,
                !config.afterSyncPerTarget().isEmpty(), !config.afterSync().isEmpty());
        this.allPool = pool("after-sync-hook");
        this.perTargetPool = pool("after-sync-target-hook");
    }

    private static ThreadPoolExecutor pool(String name) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_WAITING), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A worker's report: an OK live sync's ranges count, a PARTIAL one's once its dustbin retry reports DONE
     * (a DONE report's batch ids say which).
     */
    void reported(SyncReport r) {
        boolean done = r.dustbin() == DustbinState.DONE;
        if (r.commandId() != null || (r.changeRanges().isEmpty() && !done)) {
            return;
        }
        synchronized (tracker) {
            tracker.reported(r.targetId(), r.outcome() == SyncOutcome.OK && r.dustbin() == null,
                    r.outcome() == SyncOutcome.PARTIAL && r.dustbin() == null, r.changeRanges(), r.batchIds(),
                    done ? r.batchIds() : List.of(), clock.millis());
        }
    }

    /** A part of a change batch, read from {@code changes} at this partition and offset. */
    void partSeen(ChangeBatch b, int partition, long offset) {
        if (b.kind() == ChangeKind.HEARTBEAT) {
            return;
        }
        synchronized (tracker) {
            tracker.partSeen(b.batchId(), partition, offset, b.paths(), clock.millis());
        }
    }

    /** Periodic ({@link #TICK}): runs the hooks of batches now decided, logs the ones given up on. */
    void tick() {
        AfterSyncTracker.Outcome o;
        synchronized (tracker) {
            o = tracker.evaluate(ready.get(), clock.millis());
        }
        o.firings().forEach(this::submit);
        for (AfterSyncTracker.Expired e : o.expired()) {
            LOG.warn("hooks.afterSync not run for batch [{}] ({} paths): within {} it reached only {}, not every "
                    + "ready target", e.batchId(), e.pathCount(), Durations.format(MAX_WAIT), e.reached());
        }
    }

    private void submit(Firing f) {
        ThreadPoolExecutor pool = f.perTarget() ? perTargetPool : allPool;
        String what = f.perTarget() ? "hooks.afterSyncPerTarget for batch [" + f.batchId() + "] on target ["
                + f.targetId() + "]" : "hooks.afterSync for batch [" + f.batchId() + "]";
        try {
            pool.execute(() -> run(what, f));
        } catch (RejectedExecutionException e) {
            LOG.warn("{} skipped: {}", what, pool.isShutdown() ? "the keeper is stopping"
                    : MAX_WAITING + " runs are already waiting (is the hook hanging?)");
        }
    }

    private void run(String what, Firing f) {
        List<String> argv = f.perTarget() ? config.afterSyncPerTarget() : config.afterSync();
        Map<String, String> env = f.perTarget()
                ? Map.of("SYNCFLEET_TARGET", f.targetId(), "SYNCFLEET_BATCH", f.batchId())
                : Map.of("SYNCFLEET_TARGETS", String.join(",", f.targets()), "SYNCFLEET_BATCH", f.batchId());
        try {
            CommandResult r = runner.run(argv, env, nulSeparated(f.paths()), config.timeout());
            if (r.timedOut()) {
                LOG.warn("{} killed: still running after hooks.timeout {}", what, Durations.format(config.timeout()));
            } else if (r.exitCode() != 0) {
                LOG.warn("{} exited {}: stderr [{}]", what, r.exitCode(), stderrTail(r.stderr()));
            } else {
                LOG.debug("{} ran ok with {} paths", what, f.paths().size());
            }
        } catch (IOException e) {
            LOG.warn("{} cannot run: {}", what, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{} interrupted: the keeper is stopping", what);
        }
    }

    static byte[] nulSeparated(List<RelPath> paths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (RelPath p : paths) {
            out.writeBytes(p.bytes());
            out.write(0);
        }
        return out.toByteArray();
    }

    private static String stderrTail(String stderr) {
        String s = stderr.strip().replace('\n', '|');
        return s.length() > 500 ? "..." + s.substring(s.length() - 500) : s;
    }

    /** Lets running hooks finish for up to {@code hooks.timeout}; waiting runs are dropped. */
    @Override
    public void close() {
        for (ThreadPoolExecutor pool : List.of(allPool, perTargetPool)) {
            pool.shutdown();
            pool.getQueue().clear();
        }
        for (ThreadPoolExecutor pool : List.of(allPool, perTargetPool)) {
            HookRunner.finish(pool, config.timeout());
        }
    }
}

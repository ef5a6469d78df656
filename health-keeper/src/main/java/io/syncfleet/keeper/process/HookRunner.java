package io.syncfleet.keeper.process;

import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.HooksConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code hooks.onStateChange} off the keeper's thread, on a small bounded pool ({@code hook-1},
 * {@code hook-2}). One target's hooks run one at a time in the order of its changes (a load balancer
 * must see "dead" after "unhealthy", not before); different targets' hooks run side by side.
 *
 * <p>A hook's failure, timeout or a full queue is logged at WARN and never stops anything: the target's
 * state is already published when its hook runs.
 */
public final class HookRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);

    /** Hook runs at once, over all targets. */
    static final int THREADS = 2;
    /** Hook runs waiting; more are dropped with a warning (a hook that hangs should not pile up memory). */
    static final int MAX_WAITING = 1000;

    private final HooksConfig config;
    private final CommandRunner runner;
    private final ExecutorService pool;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    public HookRunner(HooksConfig config, CommandRunner runner) {
        this.config = config;
        this.runner = runner;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING), r -> {
                    Thread t = new Thread(r, "hook-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Runs the state-change hook for one change, after the target's earlier hooks. Returns at once.
     *
     * @param from the state it left, or {@code new}
     * @param to the state it entered, or {@code removed}
     */
    public void stateChanged(String targetId, String url, String from, String to, String reason) {
        if (!config.hasStateChangeHook()) {
            return;
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            LOG.warn("hook for target [{}] {} -> {} skipped: {} hook runs are already waiting", targetId, from, to,
                    MAX_WAITING);
            return;
        }
        Map<String, String> env = Map.of("SYNCFLEET_TARGET", targetId, "SYNCFLEET_URL", url, "SYNCFLEET_FROM", from,
                "SYNCFLEET_TO", to, "SYNCFLEET_REASON", reason);
        String what = "hook for target [" + targetId + "] " + from + " -> " + to;
        CompletableFuture<Void> next = tails.compute(targetId, (id, tail) -> {
            CompletableFuture<Void> after = tail == null ? CompletableFuture.completedFuture(null) : tail;
            return after.handle((v, e) -> null).thenRunAsync(() -> run(what, env), pool);
        });
        next.whenComplete((v, e) -> {
            tails.remove(targetId, next);
            if (e != null) {
                waiting.decrementAndGet();
                LOG.warn("{} skipped: {}", what, e instanceof RejectedExecutionException
                        || e.getCause() instanceof RejectedExecutionException ? "the hook runner is closed" : e.toString());
            }
        });
    }

    private void run(String what, Map<String, String> env) {
        waiting.decrementAndGet();
        try {
            CommandResult r = runner.run(config.onStateChange(), env, config.timeout());
            if (r.timedOut()) {
                LOG.warn("{} killed: still running after hooks.timeout {}", what, Durations.format(config.timeout()));
            } else if (r.exitCode() != 0) {
                String err = r.lastErrorLine();
                LOG.warn("{} exited {}{}", what, r.exitCode(), err.isEmpty() ? "" : ": " + err);
            } else {
                LOG.debug("{} ran ok", what);
            }
        } catch (IOException e) {
            LOG.warn("{} cannot run: {}", what, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{} interrupted: the keeper is stopping", what);
        }
    }

    /** Lets running hooks finish for up to {@code hooks.timeout}; hooks still waiting are dropped. */
    @Override
    public void close() {
        pool.shutdown();
        finish(pool, config.timeout());
    }

    /** Waits for a shut-down pool's running hooks up to {@code timeout} (and a second), then interrupts them. */
    public static void finish(ExecutorService pool, Duration timeout) {
        try {
            if (!pool.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}

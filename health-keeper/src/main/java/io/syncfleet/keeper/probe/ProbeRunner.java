package io.syncfleet.keeper.probe;

import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.HealthConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.keeper.domain.ProbeResult;
import io.syncfleet.keeper.process.CommandRunner;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes many targets at once on a bounded pool of named threads ({@code probe-1}, ...), so that one
 * hung host never delays the others' results.
 *
 * <ul>
 *   <li>Each probe bounds itself ({@code health.probeTimeout}); on top of that, every result arrives
 *       within the result timeout: a probe that has not returned by then (a resolver that hangs, a pool
 *       busy with hung hosts) yields a failed result, and its thread is freed when the probe returns.</li>
 *   <li>At most one probe per target runs at a time. Asking again while one runs gives the running
 *       probe's result; asking after its result timed out while it still runs gives an immediate
 *       failure, rather than piling up threads on a hung host.</li>
 *   <li>Futures complete on a probe thread or on the JDK's timeout thread: hand the result to the
 *       keeper's own thread (e.g. {@code thenAcceptAsync(..., scheduler)}) before touching state.</li>
 * </ul>
 * Size the pool for the fleet: with {@code n} threads, up to {@code n} hung hosts at once are absorbed
 * without delaying anyone else.
 */
public final class ProbeRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeRunner.class);

    private final Probe probe;
    private final Duration resultTimeout;
    private final ExecutorService pool;
    private final Map<String, CompletableFuture<ProbeResult>> running = new ConcurrentHashMap<>();

    public ProbeRunner(Probe probe, int threads, Duration resultTimeout) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.resultTimeout = Objects.requireNonNull(resultTimeout, "resultTimeout");
        if (threads < 1) {
            throw new IllegalArgumentException("need at least one probe thread, got " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * {@link TargetProbe#of} with a result timeout of twice {@code health.probeTimeout} plus one second
     * (an ssh probe may use twice the probe timeout).
     */
    public static ProbeRunner of(HealthConfig health, int threads, CommandRunner commands) {
        return new ProbeRunner(TargetProbe.of(health, commands), threads,
                health.probeTimeout().multipliedBy(2).plusSeconds(1));
    }

    /** Starts a probe of {@code target} (or joins the one running); the future never fails, it holds a result. */
    public CompletableFuture<ProbeResult> probe(String targetId, TargetUrl target) {
        CompletableFuture<ProbeResult> fresh = new CompletableFuture<>();
        CompletableFuture<ProbeResult> current = running.putIfAbsent(targetId, fresh);
        if (current != null) {
            if (!current.isDone()) {
                return current;
            }
            return CompletableFuture.completedFuture(ProbeResult.failed("previous probe still running after "
                    + Durations.format(resultTimeout)));
        }
        fresh.completeOnTimeout(ProbeResult.failed("no probe result within " + Durations.format(resultTimeout)),
                resultTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            pool.execute(() -> run(targetId, target, fresh));
        } catch (RejectedExecutionException e) {
            running.remove(targetId, fresh);
            fresh.complete(ProbeResult.failed("probe runner is closed"));
        }
        return fresh;
    }

    private void run(String targetId, TargetUrl target, CompletableFuture<ProbeResult> task) {
        ProbeResult result;
        try {
            result = probe.probe(target);
        } catch (RuntimeException e) {
            result = ProbeResult.failed("probe error: " + e);
            LOG.warn("probe of target [{}] threw; counted as a failed probe", targetId, e);
        } finally {
            running.remove(targetId, task);
        }
        LOG.debug("probe of target [{}] {}: {}", targetId, result.ok() ? "ok" : "failed", result.detail());
        task.complete(result);
    }

    /** Stops the probe threads; running probes are interrupted and their results fail. */
    @Override
    public void close() {
        pool.shutdownNow();
        running.values().forEach(r -> r.complete(ProbeResult.failed("probe runner is closed")));
    }
}

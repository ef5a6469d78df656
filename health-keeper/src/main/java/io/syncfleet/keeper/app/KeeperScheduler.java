package io.syncfleet.keeper.app;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeper's periodic work on one scheduler with named threads ({@code keeper-scheduler-1}, ...). Each
 * job has a description; an error is caught at the job boundary and logged with it, and the job runs again
 * at its next time. A job never overlaps itself.
 */
final class KeeperScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeeperScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    /** @param threads at least 2, so that a slow job (a hung script) never delays the others */
    KeeperScheduler(int threads) {
        AtomicInteger n = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "keeper-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code job} now and then {@code period} after each run ends. */
    void every(String description, Duration period, Runnable job) {
        executor.scheduleWithFixedDelay(guarded(description, job), 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The executor, for one-off jobs that guard themselves. */
    ScheduledExecutorService executor() {
        return executor;
    }

    private static Runnable guarded(String description, Runnable job) {
        return () -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.warn("keeper job '{}' failed, it runs again at its next time: {}", description, e.toString(), e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

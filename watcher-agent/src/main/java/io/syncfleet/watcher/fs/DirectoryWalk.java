package io.syncfleet.watcher.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Visits a directory tree on a pool of threads: each visit of a directory returns the
 * subdirectories to visit next. Running many registrations at once matters for the JDK backend,
 * whose poller thread batches concurrent requests (MISSION-NOTES: 16 threads register 100k
 * directories four times faster than one). The first failure stops further visits.
 */
final class DirectoryWalk<T> {

    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(10);

    interface Visitor<T> {
        List<T> visit(T dir) throws IOException;
    }

    private final Executor executor;
    private final Visitor<T> visitor;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong visited = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    DirectoryWalk(Executor executor, Visitor<T> visitor) {
        this.executor = executor;
        this.visitor = visitor;
    }

    /** Starts visiting from {@code starts}; {@link #awaitDone} tells when the walk is over. */
    void start(Collection<T> starts) {
        pending.incrementAndGet(); // keeps the walk open until every start is queued
        for (T s : starts) {
            submit(s);
        }
        finish();
    }

    boolean awaitDone(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the walk to end, looking every {@code pollMillis} whether the watcher was {@code closed}
     * meanwhile and calling {@code progress} every 10 s, then rethrows the first failure of a visit.
     *
     * @throws InterruptedIOException when the watcher was closed or the thread interrupted before the end
     */
    void awaitEnd(long pollMillis, BooleanSupplier closed, Runnable progress) throws IOException {
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        try {
            while (!awaitDone(pollMillis)) {
                if (closed.getAsBoolean()) {
                    throw new InterruptedIOException("watcher closed while registering directories");
                }
                if (System.nanoTime() - nextProgress >= 0) {
                    progress.run();
                    nextProgress += PROGRESS_NANOS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while registering directories");
        }
        if (failure() != null) {
            throw failure();
        }
    }

    long visited() {
        return visited.get();
    }

    /** The first failure of a visit, or null. */
    IOException failure() {
        return failure.get();
    }

    private void submit(T dir) {
        pending.incrementAndGet();
        try {
            executor.execute(() -> visit(dir));
        } catch (RejectedExecutionException e) {
            finish(); // the pool is shutting down: the walk ends with what it has
        }
    }

    private void visit(T dir) {
        try {
            if (failure.get() == null) {
                List<T> next = visitor.visit(dir);
                visited.incrementAndGet();
                for (T sub : next) {
                    submit(sub);
                }
            }
        } catch (IOException e) {
            failure.compareAndSet(null, e);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, new IOException("walk of [" + dir + "] failed: " + e, e));
        } finally {
            finish();
        }
    }

    private void finish() {
        if (pending.decrementAndGet() == 0) {
            done.countDown();
        }
    }
}

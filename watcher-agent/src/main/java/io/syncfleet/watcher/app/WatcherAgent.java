package io.syncfleet.watcher.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.watcher.domain.BatchSplitter;
import io.syncfleet.watcher.domain.Coalescer;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.domain.PartitionedBatch;
import io.syncfleet.watcher.domain.PathEvent;
import io.syncfleet.watcher.domain.WatchRoots;
import io.syncfleet.watcher.domain.Window;
import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.watcher.fs.WatchBackend;
import io.syncfleet.watcher.kafka.ChangePublisher;
import io.syncfleet.watcher.kafka.SendRetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher role: watches {@code source.baseDir/<source.paths>} and publishes coalesced change
 * batches to {@code changes}.
 *
 * <p>Lifecycle: {@link #start()} checks the source directories, registers the watches, publishes a
 * RESCAN of every root (targets converge with whatever changed while no watcher ran), then starts
 * the {@code watcher-publish} thread. That thread sleeps until the open window is due, a window
 * closes early by size, or a failed send may be retried, and publishes. Backend threads only feed
 * the {@link Coalescer}. {@link #close()} stops watching, publishes what is pending and waits a
 * bounded time for the broker's acknowledgements; the producer belongs to the caller.
 *
 * <p>An OVERFLOW from the backend becomes a RESCAN of that directory in the next window; a batch lost
 * to a non-retriable send error becomes a RESCAN of its roots (see {@link ChangePublisher}).
 */
public final class WatcherAgent implements AutoCloseable, MeterBinder {

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(WatcherAgent.class);

    private enum State { NEW, STARTED, CLOSED }

    private final SourceConfig source;
    private final Clock clock;
    private final String watcherId;
    private final WatchBackend backend;
    private final WatchRoots roots;
    private final BatchSplitter splitter;
    private final ChangePublisher publisher;
    private final WatcherMeters meters = new WatcherMeters();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Coalescer coalescer; // guarded by lock
    private State state = State.NEW;  // guarded by lock
    private volatile boolean running;
    private volatile long lastEventMillis;
    private volatile Thread publishThread;

    /**
     * A watcher on the backend {@code watch.backend} asks for (logged).
     *
     * @throws WatcherException when that backend is not available here, or {@code source.exclude} is bad
     */
    public WatcherAgent(SyncfleetConfig config, Topics topics, Producer<String, ChangeBatch> producer, Clock clock,
                        String watcherId) {
        this(config, topics, producer, clock, watcherId,
                BackendSelector.select(config, excludeFilter(config.source())));
    }

    /** A watcher on the given backend (which must apply {@code source.exclude} itself). */
    public WatcherAgent(SyncfleetConfig config, Topics topics, Producer<String, ChangeBatch> producer, Clock clock,
                        String watcherId, WatchBackend backend) {
        this.source = config.source();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.watcherId = Objects.requireNonNull(watcherId, "watcherId");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.roots = WatchRoots.of(source.paths());
        this.splitter = new BatchSplitter(topics.partitions(Topics.CHANGES), BatchSplitter.DEFAULT_MAX_BATCH_BYTES);
        this.coalescer = new Coalescer(config.watch().delay(), Coalescer.DEFAULT_MAX_PATHS);
        this.publisher = new ChangePublisher(producer, topics.name(Topics.CHANGES), roots, clock, this::wakeUp);
    }

    /**
     * Parses {@code source.exclude}.
     *
     * @throws WatcherException naming the offending {@code source.exclude[i]}
     */
    public static ExcludeFilter excludeFilter(SourceConfig source) {
        List<String> patterns = source.exclude();
        for (int i = 0; i < patterns.size(); i++) {
            try {
                ExcludeFilter.of(List.of(patterns.get(i)));
            } catch (IllegalArgumentException e) {
                throw new WatcherException("source.exclude[" + i + "]: " + e.getMessage());
            }
        }
        return ExcludeFilter.of(patterns);
    }

    /**
     * Checks the source, starts watching, publishes the initial RESCAN and starts publishing.
     *
     * @throws WatcherException when a source directory is missing or cannot be watched
     */
    public void start() {
        lock.lock();
        try {
            if (state != State.NEW) {
                throw new IllegalStateException("watcher [" + watcherId + "] is " + state);
            }
            state = State.STARTED;
        } finally {
            lock.unlock();
        }
        long began = System.nanoTime();
        try {
            checkSource();
            backend.start(roots.roots(), this::onEvents);
        } catch (IOException e) {
            abandon();
            throw new WatcherException("cannot watch " + roots + " under source.baseDir [" + source.baseDir() + "]: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
        log.info("watching [{}] directories under {} in [{}] ms with [{}]", backend.watchedDirectories(), roots,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), backend.name());
        List<Window> initial;
        lock.lock();
        try {
            long now = clock.millis();
            for (RelPath root : roots.roots()) {
                coalescer.rescan(root, now); // supersedes whatever was seen while registering
            }
            initial = coalescer.drainAll();
            running = true;
        } finally {
            lock.unlock();
        }
        initial.forEach(w -> publishWindow(w, false));
        log.info("published a RESCAN of {} so the targets converge with what changed while no watcher ran", roots);
        publishThread = new Thread(this::runPublisher, "watcher-publish");
        publishThread.setDaemon(true);
        publishThread.start();
    }

    /** Stops watching, publishes the pending window and waits a bounded time (10 s) for acknowledgements. */
    @Override
    public void close() {
        lock.lock();
        State was;
        try {
            was = state;
            state = State.CLOSED;
            running = false;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (was == State.CLOSED) {
            return;
        }
        backend.close();
        if (publishThread != null) {
            try {
                publishThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (was == State.STARTED) {
            flushOnClose();
        }
    }

    /** Registers the watcher's meters ({@link WatcherMeters}). */
    @Override
    public void bindTo(MeterRegistry registry) {
        meters.bindTo(registry, publisher::publishedBatches, backend::watchedDirectories);
    }

    public WatcherStatus status() {
        return new WatcherStatus(backend.name(), backend.watchedDirectories(), lastEventMillis,
                publisher.lastPublishMillis(), publisher.publishedBatches());
    }

    // ---- event intake (backend threads) -------------------------------------------------------

    private void onEvents(List<PathEvent> events) {
        lock.lock();
        try {
            long now = clock.millis();
            meters.saw(events);
            OptionalLong dueBefore = coalescer.nextDueMillis();
            for (PathEvent e : events) {
                coalescer.accept(e, now);
                if (e.type() == PathEvent.Type.OVERFLOW) {
                    log.debug("events lost below [{}]: it will be rescanned", e.path());
                }
            }
            lastEventMillis = now;
            if (!coalescer.nextDueMillis().equals(dueBefore)) {
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void wakeUp() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- publishing (watcher-publish thread) --------------------------------------------------

    private void runPublisher() {
        lock.lock();
        try {
            while (running) {
                long now = clock.millis();
                List<PartitionedBatch> resend = List.of();
                Optional<SendRetry> retry = publisher.takeDue(now);
                if (retry.isPresent()) {
                    resend = retry.get().resend();
                    for (RelPath root : retry.get().rescanRoots()) {
                        coalescer.rescan(root, now);
                    }
                }
                Optional<Window> due = coalescer.drainIfDue(now);
                if (due.isPresent() || !resend.isEmpty()) {
                    lock.unlock();
                    try {
                        publisher.publish(resend);
                        due.ifPresent(w -> publishWindow(w, true));
                    } catch (RuntimeException e) {
                        log.error("publishing failed unexpectedly; continuing with the next window", e);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long next = earliest(coalescer.nextDueMillis(), publisher.nextRetryAtMillis());
                if (next == Long.MAX_VALUE) {
                    wake.await();
                } else if (next > now) {
                    wake.await(next - now, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private static long earliest(OptionalLong a, OptionalLong b) {
        return Math.min(a.orElse(Long.MAX_VALUE), b.orElse(Long.MAX_VALUE));
    }

    private void publishWindow(Window w, boolean explainRescans) {
        List<PartitionedBatch> batches = splitter.split(w, clock.millis(), watcherId);
        if (explainRescans && !w.rescans().isEmpty()) {
            log.info("publishing a RESCAN of {} (events were lost or a send failed)", w.rescans());
        }
        log.debug("window [{}]: [{}] changed paths, [{}] rescans -> [{}] batches", w.batchId(), w.changed().size(),
                w.rescans().size(), batches.size());
        publisher.publish(batches);
    }

    private void flushOnClose() {
        List<Window> pending;
        lock.lock();
        try {
            pending = coalescer.drainAll();
        } finally {
            lock.unlock();
        }
        pending.forEach(w -> publishWindow(w, true));
        try {
            if (!publisher.awaitInFlight(CLOSE_TIMEOUT)) {
                log.warn("closing with [{}] batches not acknowledged after [{}] s; the next start publishes a RESCAN of"
                        + " every root, so the targets still converge", publisher.inFlight(), CLOSE_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("watcher [{}] stopped after [{}] published batches", watcherId, publisher.publishedBatches());
    }

    // ---- source checks ------------------------------------------------------------------------

    private void checkSource() {
        Path base = source.baseDir();
        if (!Files.exists(base)) {
            throw new WatcherException("source.baseDir: [" + base + "] does not exist");
        }
        if (!Files.isDirectory(base)) {
            throw new WatcherException("source.baseDir: [" + base + "] is not a directory");
        }
        BaseDirPaths paths = new BaseDirPaths(base);
        List<RelPath> configured = source.paths();
        for (int i = 0; i < configured.size(); i++) {
            RelPath root = configured.get(i);
            if (root.isBase()) {
                continue;
            }
            Path p = paths.toPath(root);
            String key = "source.paths[" + i + "]: [" + base + "/" + root + "]";
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new WatcherException(key + " does not exist");
            }
            if (Files.isSymbolicLink(p)) {
                throw new WatcherException(key + " is a symbolic link; rsync would copy the link, not the tree:"
                        + " list the directory it points to instead");
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new WatcherException(key + " is not a directory");
            }
        }
    }

    /** The roots being watched, without repeats or nesting. */
    public List<RelPath> roots() {
        return roots.roots();
    }

    /** A start that failed leaves nothing running; close() is then a no-op. */
    private void abandon() {
        lock.lock();
        try {
            state = State.CLOSED;
        } finally {
            lock.unlock();
        }
        backend.close();
    }
}

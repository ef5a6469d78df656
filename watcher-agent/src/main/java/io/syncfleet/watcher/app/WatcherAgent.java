package io.syncfleet.watcher.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.WatchConfig;
import io.syncfleet.common.event.ChangeKind;
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
import io.syncfleet.watcher.fs.ManifestStore;
import io.syncfleet.watcher.fs.TreeScan;
import io.syncfleet.watcher.fs.WatchBackend;
import io.syncfleet.watcher.kafka.ChangePublisher;
import io.syncfleet.watcher.kafka.SendRetry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Lifecycle: {@link #start()} checks the source directories, registers the watches, then publishes
 * what changed while no watcher ran: with a manifest in {@code watch.stateDir}, only the paths that
 * differ from it (see {@link ManifestCheckpoints}); without one, a RESCAN of every root. Then it starts
 * the {@code watcher-publish} thread and the {@code watcher-scheduler} jobs: a heartbeat into every
 * partition every {@code watch.heartbeat}, and manifest checkpoints. The publish thread sleeps until
 * the open window is due, a window closes early by size, or a failed send may be retried, and
 * publishes. Backend threads only feed the {@link Coalescer}. {@link #close()} stops watching,
 * publishes what is pending, waits a bounded time for the broker's acknowledgements and, when all
 * came, saves a last manifest; the producer belongs to the caller.
 *
 * <p>An OVERFLOW from the backend becomes a RESCAN of that directory in the next window; a batch lost
 * to a non-retriable send error becomes a RESCAN of its roots (see {@link ChangePublisher}).
 */
public final class WatcherAgent implements AutoCloseable, MeterBinder {

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final long CHECKPOINT_POLL_MILLIS = 250;

    private static final Logger log = LoggerFactory.getLogger(WatcherAgent.class);

    private enum State { NEW, STARTED, CLOSED }

    private final SourceConfig source;
    private final Clock clock;
    private final String watcherId;
    private final WatchBackend backend;
    private final WatchRoots roots;
    private final BatchSplitter splitter;
    private final ChangePublisher publisher;
    private final int partitions;
    private final Duration heartbeat;
    private final Duration checkpointEvery;
    private final Optional<ManifestCheckpoints> checkpoints;
    private final WatcherMeters meters = new WatcherMeters();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Coalescer coalescer; // guarded by lock
    private State state = State.NEW;  // guarded by lock
    private int handingOver;          // guarded by lock: windows taken from the coalescer, not yet sent
    private volatile boolean horizonOpen;
    private volatile long quietHorizon;
    private volatile long nextCheckpointMillis;
    private volatile ScheduledExecutorService scheduler;
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
        this.partitions = topics.partitions(Topics.CHANGES);
        this.splitter = new BatchSplitter(partitions, BatchSplitter.DEFAULT_MAX_BATCH_BYTES);
        WatchConfig watch = config.watch();
        this.coalescer = new Coalescer(watch.delay(), watch.settle(), Coalescer.DEFAULT_MAX_PATHS,
                () -> UUID.randomUUID().toString());
        this.publisher = new ChangePublisher(producer, topics.name(Topics.CHANGES), roots, clock, this::wakeUp);
        this.heartbeat = watch.heartbeat();
        this.checkpointEvery = watch.checkpoint();
        this.checkpoints = checkpointsFor(watch, backend);
    }

    private Optional<ManifestCheckpoints> checkpointsFor(WatchConfig watch, WatchBackend backend) {
        if (watch.manifestDir().isEmpty()) {
            return Optional.empty();
        }
        Path dir = watch.manifestDir().get();
        if (backend.drainedUpToMillis().isEmpty()) {
            log.info("the [{}] backend cannot prove when it has seen every change, so no manifest is kept in [{}]:"
                    + " every start publishes a RESCAN (use watch.backend: inotify)", backend.name(), dir);
            return Optional.empty();
        }
        TreeScan scan = new TreeScan(source.baseDir(), excludeFilter(source), () -> Thread.currentThread().isInterrupted());
        return Optional.of(new ManifestCheckpoints(new ManifestStore(dir, source.baseDir(), roots.roots(), source.exclude()), scan,
                roots.roots(), this::quietHorizon));
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
     * Whether {@link #start} walks the tree to compare it with a saved manifest before it publishes, which
     * takes long on a large tree. Otherwise the start publishes a RESCAN of every root as soon as it
     * watches, and a node starts the watcher before its worker: the first full syncs of new targets then
     * come after that RESCAN and cover it, instead of running a second time for it.
     */
    public boolean walksAtStart() {
        return checkpoints.isPresent() && checkpoints.get().hasSaved();
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
        Optional<List<RelPath>> changedWhileDown = compareWithManifest();
        List<Window> initial;
        lock.lock();
        try {
            long now = clock.millis();
            if (changedWhileDown.isPresent()) {
                changedWhileDown.get().forEach(p -> coalescer.add(p, now));
            } else {
                for (RelPath root : roots.roots()) {
                    coalescer.rescan(root, now); // supersedes whatever was seen while registering
                }
            }
            initial = coalescer.drainAll();
            handingOver++;
            running = true;
        } finally {
            lock.unlock();
        }
        handOver(() -> initial.forEach(w -> publishWindow(w, false)));
        horizonOpen = true; // what changed while no watcher ran is queued: quiet moments now prove a horizon
        if (changedWhileDown.isEmpty()) {
            log.info("published a RESCAN of {} so the targets converge with what changed while no watcher ran", roots);
        }
        publishThread = new Thread(this::runPublisher, "watcher-publish");
        publishThread.setDaemon(true);
        publishThread.start();
        startScheduler();
    }

    /** The paths changed while no watcher ran, or empty for a RESCAN (no manifest, or it cannot be used). */
    private Optional<List<RelPath>> compareWithManifest() {
        if (checkpoints.isEmpty()) {
            return Optional.empty();
        }
        try {
            return checkpoints.get().startDiff();
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot compare the tree with the manifest ({}): publishing a RESCAN of {} instead", e.toString(),
                    roots);
            return Optional.empty();
        }
    }

    private void startScheduler() {
        AtomicInteger n = new AtomicInteger();
        ScheduledExecutorService s = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "watcher-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler = s;
        if (!heartbeat.isZero()) {
            s.scheduleAtFixedRate(job("heartbeat", this::publishHeartbeat), 0, heartbeat.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        if (checkpoints.isPresent()) {
            nextCheckpointMillis = clock.millis() + checkpointEvery.toMillis();
            s.scheduleWithFixedDelay(job("manifest checkpoint", this::checkpointIfDue), CHECKPOINT_POLL_MILLIS,
                    CHECKPOINT_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A scheduled job whose failures are logged at its boundary, so the next run still comes. */
    private Runnable job(String what, IoRunnable body) {
        return () -> {
            try {
                body.run();
            } catch (InterruptedIOException e) {
                log.debug("{} stopped: the watcher is closing", what);
            } catch (IOException | RuntimeException e) {
                log.warn("{} failed ({}); trying again at its next run", what, e.toString());
            }
        };
    }

    @FunctionalInterface
    private interface IoRunnable {
        void run() throws IOException;
    }

    private void publishHeartbeat() {
        long now = clock.millis();
        String id = UUID.randomUUID().toString();
        List<PartitionedBatch> beats = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            beats.add(new PartitionedBatch(p, ChangeBatch.of(id, ChangeKind.HEARTBEAT, List.of(), now, now, watcherId)));
        }
        publisher.publish(beats);
    }

    private void checkpointIfDue() throws IOException {
        ManifestCheckpoints c = checkpoints.orElseThrow();
        if (!c.commitPending()) {
            return; // the walk of the start waits for a horizon
        }
        if (clock.millis() >= nextCheckpointMillis) {
            c.checkpoint();
            nextCheckpointMillis = clock.millis() + checkpointEvery.toMillis();
        }
    }

    /**
     * The latest time before which every change is known to be published and acknowledged, 0 while
     * none is known. Looks for a new one first: read the backend's drained time, then, if nothing is
     * pending anywhere, that time is a horizon (see {@link ManifestCheckpoints}).
     */
    long quietHorizon() {
        if (!horizonOpen) {
            return 0;
        }
        long drained = backend.drainedUpToMillis().orElse(0); // read before looking at what is pending
        lock.lock();
        try {
            if (coalescer.isEmpty() && handingOver == 0 && publisher.idle() && drained > quietHorizon) {
                quietHorizon = drained;
            }
            return quietHorizon;
        } finally {
            lock.unlock();
        }
    }

    /** Runs a publication of windows already counted in {@code handingOver}, then uncounts them. */
    private void handOver(Runnable publication) {
        try {
            publication.run();
        } finally {
            lock.lock();
            try {
                handingOver--;
            } finally {
                lock.unlock();
            }
        }
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
        stopScheduler();
        backend.close();
        if (publishThread != null) {
            try {
                publishThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (was == State.STARTED && flushOnClose() && checkpoints.isPresent()) {
            try {
                checkpoints.get().checkpoint(); // every batch is acknowledged: the horizon is as new as it gets
            } catch (IOException | UncheckedIOException e) {
                log.warn("cannot save the manifest at stop ({}); the next start compares with the last one saved",
                        e.toString());
            }
        }
        checkpoints.ifPresent(ManifestCheckpoints::close);
    }

    private void stopScheduler() {
        ScheduledExecutorService s = scheduler;
        if (s == null) {
            return;
        }
        s.shutdownNow(); // interrupts a checkpoint walk; its temporary file is dropped
        try {
            if (!s.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("watcher jobs did not stop within [{}] s", CLOSE_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers the watcher's meters ({@link WatcherMeters}). */
    @Override
    public void bindTo(MeterRegistry registry) {
        meters.bindTo(registry, publisher::publishedBatches, backend::watchedDirectories);
    }

    public WatcherStatus status() {
        return new WatcherStatus(backend.name(), backend.watchedDirectories(), lastEventMillis,
                publisher.lastPublishMillis(), publisher.publishedBatches(), publisher.lastHeartbeatMillis());
    }

    // ---- event intake (backend threads) -------------------------------------------------------

    private void onEvents(List<PathEvent> events) {
        boolean lost = false;
        lock.lock();
        try {
            long now = clock.millis();
            meters.saw(events);
            OptionalLong dueBefore = coalescer.nextDueMillis();
            for (PathEvent e : events) {
                coalescer.accept(e, now);
                if (e.type() == PathEvent.Type.OVERFLOW) {
                    lost = true;
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
        if (lost) {
            checkpoints.ifPresent(ManifestCheckpoints::eventsLost);
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
                    handingOver++;
                    lock.unlock();
                    try {
                        publisher.publish(resend);
                        due.ifPresent(w -> publishWindow(w, true));
                    } catch (RuntimeException e) {
                        log.error("publishing failed unexpectedly; continuing with the next window", e);
                    } finally {
                        lock.lock();
                        handingOver--;
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

    /** Publishes what is pending; true when every batch was acknowledged in time. */
    private boolean flushOnClose() {
        List<Window> pending;
        lock.lock();
        try {
            pending = coalescer.drainAll();
            handingOver++;
        } finally {
            lock.unlock();
        }
        handOver(() -> pending.forEach(w -> publishWindow(w, true)));
        boolean acknowledged = false;
        try {
            acknowledged = publisher.awaitInFlight(CLOSE_TIMEOUT);
            if (!acknowledged) {
                log.warn("closing with [{}] batches not acknowledged after [{}] s; the next start publishes them again"
                        + " (they are newer than the manifest), so the targets still converge", publisher.inFlight(),
                        CLOSE_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("watcher [{}] stopped after [{}] published batches", watcherId, publisher.publishedBatches());
        return acknowledged;
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
        checkpoints.ifPresent(ManifestCheckpoints::close);
    }
}

package io.syncfleet.worker.process;

import io.syncfleet.worker.domain.FullSyncProgress;
import io.syncfleet.worker.domain.RsyncInvocation;
import io.syncfleet.worker.domain.RsyncProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rsync runs of one worker report as they go ({@code --info=progress2}): the progress of each
 * target's running full sync, for {@code /status} and the dashboard, and an INFO line per full sync at most
 * every {@link #LOG_EVERY}. Thread-safe: runs write from their output threads, status reads from anywhere.
 */
public final class ProgressBoard {

    static final Duration LOG_EVERY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ProgressBoard.class);

    private final Clock clock;
    private final Map<String, FullSyncProgress> running = new ConcurrentHashMap<>();

    public ProgressBoard(Clock clock) {
        this.clock = clock;
    }

    /** The progress of the full sync running for {@code targetId}, if any. */
    public Optional<FullSyncProgress> fullSync(String targetId) {
        return Optional.ofNullable(running.get(targetId));
    }

    /** Follows one rsync run; a full sync shows on the board until {@link Run#close()}. */
    Run follow(String targetId, RsyncInvocation inv) {
        boolean full = inv.kind() == RsyncInvocation.Kind.FULL;
        long now = clock.millis();
        if (full) {
            running.put(targetId, FullSyncProgress.started(inv.root().toString(), now));
        }
        return new Run(targetId, full, now);
    }

    /** One rsync run's progress: takes its output lines, keeps its last totals. */
    final class Run implements AutoCloseable {
        private final String targetId;
        private final boolean full;
        private volatile RsyncProgress last;
        private long lastLogMillis;

        private Run(String targetId, boolean full, long startMillis) {
            this.targetId = targetId;
            this.full = full;
            this.lastLogMillis = startMillis;
        }

        /** A line of rsync's standard output (called from one output thread). */
        void onLine(String line) {
            Optional<RsyncProgress> p = RsyncProgress.parse(line);
            if (p.isEmpty()) {
                return;
            }
            RsyncProgress latest = p.get().withFilesOf(last);
            last = latest;
            if (!full) {
                return;
            }
            long now = clock.millis();
            FullSyncProgress shown = running.computeIfPresent(targetId, (id, f) -> f.with(latest, now));
            if (shown != null && now - lastLogMillis >= LOG_EVERY.toMillis()) {
                lastLogMillis = now;
                LOG.info("target [{}] {}", targetId, shown.describe(now));
            }
        }

        /** Files transferred, from rsync's last progress line (0 when it printed none). */
        long files() {
            RsyncProgress p = last;
            return p == null ? 0 : Math.max(0, p.filesTransferred());
        }

        /** File bytes transferred, from rsync's last progress line (0 when it printed none). */
        long bytes() {
            RsyncProgress p = last;
            return p == null ? 0 : p.bytes();
        }

        @Override
        public void close() {
            if (full) {
                running.remove(targetId);
            }
        }
    }
}

package io.syncfleet.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.topic.SharedDeserializer;
import java.time.Duration;
import java.util.Locale;

/**
 * The worker's meters, per target (tag {@code target}). Until {@link #bindTo} is called they record into
 * nothing, so a worker without a registry pays almost nothing. Names as Prometheus shows them:
 * <ul>
 *   <li>{@code syncfleet_target_syncs_total{target,kind,outcome}}: syncs reported (one per published report);</li>
 *   <li>{@code syncfleet_target_errors_total{target}}: those that did not end OK (by outcome: the syncs
 *       series);</li>
 *   <li>{@code syncfleet_target_files_total{target}} and {@code syncfleet_target_bytes_total{target}}: files
 *       and file bytes rsync transferred (full and incremental syncs), from its {@code --info=progress2}
 *       totals;</li>
 *   <li>{@code syncfleet_target_rsync_duration_seconds{target,kind}}: histogram of single rsync runs;</li>
 *   <li>{@code syncfleet_sync_latency_seconds{target}}: histogram from the watcher seeing the first event of a
 *       batch to the end of the sync that brought it to the target (successful syncs only);</li>
 *   <li>{@code syncfleet_worker_change_records_decoded_total} and {@code ..._shared_total}: records of
 *       {@code changes} the worker's target consumers decoded, and those they got already decoded by another
 *       target's consumer ({@link SharedDeserializer}).</li>
 * </ul>
 * Histograms use fixed buckets (a few per series, not Micrometer's ~70), so 50 targets stay cheap to scrape.
 */
public final class WorkerMetrics implements MeterBinder {

    static final Duration[] LATENCY_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
            60, 300, 1800);
    static final Duration[] RSYNC_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
            300, 1800, 3600);

    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();

    /** From now on, every meter also records into {@code registry}. */
    @Override
    public void bindTo(MeterRegistry registry) {
        meters.add(registry);
    }

    /** Counts what the worker's target consumers decoded of {@code changes}, and what they shared. */
    public void changesDecoding(SharedDeserializer<?> decoder) {
        FunctionCounter.builder("syncfleet.worker.change.records.decoded", decoder, SharedDeserializer::decoded)
                .description("Records of changes decoded by the worker's target consumers").register(meters);
        FunctionCounter.builder("syncfleet.worker.change.records.shared", decoder, SharedDeserializer::shared)
                .description("Records of changes a target consumer got already decoded by another's")
                .register(meters);
    }

    /** One rsync process ended. */
    public void rsyncRun(String targetId, boolean full, long durationMillis, long bytes, long files) {
        Timer.builder("syncfleet.target.rsync.duration")
                .description("Duration of single rsync runs")
                .tag("target", targetId).tag("kind", full ? "full" : "incremental")
                .serviceLevelObjectives(RSYNC_BUCKETS)
                .register(meters).record(Duration.ofMillis(Math.max(0, durationMillis)));
        Counter.builder("syncfleet.target.bytes").baseUnit("bytes")
                .description("File bytes rsync transferred to the target")
                .tag("target", targetId).register(meters).increment(Math.max(0, bytes));
        Counter.builder("syncfleet.target.files").description("Files rsync transferred to the target")
                .tag("target", targetId).register(meters).increment(Math.max(0, files));
    }

    /** A sync report was published: counts, errors and the end-to-end latency. */
    public void reported(SyncReport r) {
        String outcome = r.outcome().name().toLowerCase(Locale.ROOT);
        Counter.builder("syncfleet.target.syncs").description("Syncs run against the target")
                .tag("target", r.targetId()).tag("kind", r.kind().name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome).register(meters).increment();
        // created at the first report, so every target's error series exists (at 0) before its first error
        Counter errors = Counter.builder("syncfleet.target.errors").description("Syncs that did not end OK")
                .tag("target", r.targetId()).register(meters);
        if (r.outcome() != SyncOutcome.OK) {
            errors.increment();
        }
        if (r.outcome() == SyncOutcome.OK && r.oldestObservedAtMillis() > 0) {
            Timer.builder("syncfleet.sync.latency")
                    .description("From the watcher seeing a change to the end of its sync to the target")
                    .tag("target", r.targetId())
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(meters)
                    .record(Duration.ofMillis(Math.max(0, r.finishedAtMillis() - r.oldestObservedAtMillis())));
        }
    }

    private static Duration[] seconds(double... s) {
        Duration[] out = new Duration[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Duration.ofNanos(Math.round(s[i] * 1e9));
        }
        return out;
    }
}

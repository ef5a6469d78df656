package io.syncfleet.watcher.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncfleet.watcher.domain.PathEvent;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The watcher's meters, as Prometheus shows them: {@code syncfleet_watcher_events_total},
 * {@code syncfleet_watcher_overflows_total} (events lost by the kernel or the JDK, each followed by a
 * rescan), {@code syncfleet_watcher_batches_total} (batches the broker acknowledged) and
 * {@code syncfleet_watcher_watched_directories}. Counting is two adds per delivery from the backend threads;
 * the registry reads the counts when it is scraped.
 */
final class WatcherMeters {

    private final LongAdder events = new LongAdder();
    private final LongAdder overflows = new LongAdder();
    private volatile LongSupplier batches = () -> 0;
    private volatile LongSupplier watchedDirectories = () -> 0;

    /** Counts what a backend delivered. */
    void saw(List<PathEvent> delivered) {
        events.add(delivered.size());
        for (PathEvent e : delivered) {
            if (e.type() == PathEvent.Type.OVERFLOW) {
                overflows.increment();
            }
        }
    }

    void bindTo(MeterRegistry registry, LongSupplier batches, LongSupplier watchedDirectories) {
        FunctionCounter.builder("syncfleet.watcher.events", events, LongAdder::doubleValue)
                .description("File-system events the watcher received").register(registry);
        FunctionCounter.builder("syncfleet.watcher.overflows", overflows, LongAdder::doubleValue)
                .description("Event overflows (events lost, the directory is rescanned)").register(registry);
        // Micrometer holds the state object weakly: it is this (owned by the agent), not the suppliers
        this.batches = batches;
        this.watchedDirectories = watchedDirectories;
        FunctionCounter.builder("syncfleet.watcher.batches", this, m -> m.batches.getAsLong())
                .description("Change batches the broker acknowledged").register(registry);
        Gauge.builder("syncfleet.watcher.watched.directories", this, m -> m.watchedDirectories.getAsLong())
                .description("Directories being watched").register(registry);
    }
}

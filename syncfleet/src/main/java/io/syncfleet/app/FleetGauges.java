package io.syncfleet.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's per-target gauges, from the same view as {@code /status} (states from the {@code targets}
 * topic, lag from each target's consumer group), refreshed every {@link #REFRESH} on one named thread, not
 * on every scrape: each read asks Kafka for every target's committed offsets and the tails of two topics.
 * <ul>
 *   <li>{@code syncfleet_target_state{target,state}}: 1 for the target's current state, 0 for the other
 *       three (alert on {@code syncfleet_target_state{state="dead"} == 1});</li>
 *   <li>{@code syncfleet_target_lag_records{target}}: change records not yet synced to it;</li>
 *   <li>{@code syncfleet_target_lag_seconds{target}}: age of the oldest of them (0 when none).</li>
 * </ul>
 * A removed target's series go away at the next refresh. A refresh that fails keeps the last values and is
 * logged at DEBUG (the node logs Kafka trouble elsewhere).
 */
final class FleetGauges implements AutoCloseable {

    static final Duration REFRESH = Duration.ofSeconds(10);
    static final List<String> STATES = List.of("ready", "unhealthy", "dead", "recovery");
    private static final Logger LOG = LoggerFactory.getLogger(FleetGauges.class);

    private final Callable<List<TargetView>> fleet;
    private final MultiGauge state;
    private final MultiGauge lagRecords;
    private final MultiGauge lagSeconds;
    private final ScheduledExecutorService scheduler;

    FleetGauges(MeterRegistry registry, Callable<List<TargetView>> fleet) {
        this.fleet = fleet;
        this.state = MultiGauge.builder("syncfleet.target.state")
                .description("1 for the target's current state, else 0").register(registry);
        this.lagRecords = MultiGauge.builder("syncfleet.target.lag.records")
                .description("Change records not yet synced to the target").register(registry);
        this.lagSeconds = MultiGauge.builder("syncfleet.target.lag.seconds").baseUnit("seconds")
                .description("Age of the oldest change not yet synced to the target").register(registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet-gauges");
            t.setDaemon(true);
            return t;
        });
    }

    FleetGauges start() {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void refresh() {
        List<TargetView> targets;
        try {
            targets = fleet.call();
        } catch (Exception e) {
            LOG.debug("fleet gauges not refreshed, keeping the last values: {}", e.toString());
            return;
        }
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        List<MultiGauge.Row<?>> records = new ArrayList<>();
        List<MultiGauge.Row<?>> seconds = new ArrayList<>();
        for (TargetView t : targets) {
            for (String s : STATES) {
                states.add(MultiGauge.Row.of(Tags.of("target", t.id(), "state", s), s.equals(t.state()) ? 1 : 0));
            }
            if (t.lag() >= 0) {
                records.add(MultiGauge.Row.of(Tags.of("target", t.id()), t.lag()));
                seconds.add(MultiGauge.Row.of(Tags.of("target", t.id()), t.lagMillis() / 1000.0));
            }
        }
        state.register(states, true);
        lagRecords.register(records, true);
        lagSeconds.register(seconds, true);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

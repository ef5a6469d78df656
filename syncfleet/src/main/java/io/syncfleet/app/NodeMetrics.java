package io.syncfleet.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * One node's metrics: a Prometheus registry that the roles bind their meters to, served at
 * {@code GET /metrics}, plus the fleet gauges on a node that runs the keeper. Also sums the sync counters for
 * {@code /status}, from which the dashboard draws its throughput and latency lines.
 */
public final class NodeMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private FleetGauges fleet;

    public void bind(MeterBinder binder) {
        binder.bindTo(registry);
    }

    /**
     * Removes every meter whose name starts with {@code prefix}, for a role about to be started again: meters
     * that read a role's state (function counters, gauges) would otherwise stay bound to the closed instance,
     * because registering the same name and tags returns the meter already there. Its counters start again
     * from 0, which Prometheus reads as a counter reset.
     */
    void forget(String prefix) {
        for (Meter m : List.copyOf(registry.getMeters())) {
            if (m.getId().getName().startsWith(prefix)) {
                registry.remove(m);
            }
        }
    }

    /** Starts refreshing the per-target state and lag gauges from {@code targets}. */
    void watchFleet(Callable<List<TargetView>> targets) {
        fleet = new FleetGauges(registry, targets).start();
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * This node's sync counters over all targets since it started: {@code syncs}, {@code errors},
     * {@code files}, {@code bytes}, and {@code latencyCount} with {@code latencySumMillis} (the dashboard
     * divides the growth of one by the other for the mean latency between two polls).
     */
    public Map<String, Object> totals() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("syncs", (long) sum("syncfleet.target.syncs"));
        t.put("errors", (long) sum("syncfleet.target.errors"));
        t.put("files", (long) sum("syncfleet.target.files"));
        t.put("bytes", (long) sum("syncfleet.target.bytes"));
        long count = 0;
        double millis = 0;
        for (Timer timer : registry.find("syncfleet.sync.latency").timers()) {
            count += timer.count();
            millis += timer.totalTime(TimeUnit.MILLISECONDS);
        }
        t.put("latencyCount", count);
        t.put("latencySumMillis", Math.round(millis));
        return t;
    }

    private double sum(String name) {
        double total = 0;
        for (Counter c : registry.find(name).counters()) {
            total += c.count();
        }
        return total;
    }

    @Override
    public void close() {
        if (fleet != null) {
            fleet.close();
        }
        registry.close();
    }
}

package io.syncfleet.worker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    private final WorkerMetrics metrics = new WorkerMetrics();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static SyncReport report(String target, SyncOutcome outcome, long observed, long finished) {
        return new SyncReport(SyncReport.SCHEMA_VERSION, target, List.of("b1"), ChangeKind.CHANGE, 2, outcome,
                outcome == SyncOutcome.OK ? 0 : 10, "", observed, finished - 5, finished);
    }

    @Test
    void recordsIntoTheBoundRegistryOnly() {
        metrics.rsyncRun("web1", false, 40, 1000, 2); // before bindTo: recorded nowhere
        metrics.bindTo(registry);
        metrics.rsyncRun("web1", true, 2_000, 5_000, 7);
        metrics.reported(report("web1", SyncOutcome.OK, 1_000, 1_250));
        metrics.reported(report("web1", SyncOutcome.TARGET_DOWN, 2_000, 2_100));
        metrics.reported(report("web2", SyncOutcome.OK, 0, 3_000)); // no observation time: no latency

        assertEquals(2, registry.get("syncfleet.target.syncs").tag("target", "web1").counters().stream()
                .mapToDouble(c -> c.count()).sum());
        assertEquals(1, registry.get("syncfleet.target.errors").tag("target", "web1").counter().count());
        assertEquals(0, registry.get("syncfleet.target.errors").tag("target", "web2").counter().count());
        assertEquals(7, registry.get("syncfleet.target.files").tag("target", "web1").counter().count());
        assertEquals(5_000, registry.get("syncfleet.target.bytes").tag("target", "web1").counter().count());
        Timer full = registry.get("syncfleet.target.rsync.duration").tags("target", "web1", "kind", "full").timer();
        assertEquals(1, full.count());
        assertEquals(2_000, full.totalTime(TimeUnit.MILLISECONDS));
        Timer latency = registry.get("syncfleet.sync.latency").tag("target", "web1").timer();
        assertEquals(1, latency.count(), "only the successful sync");
        assertEquals(250, latency.totalTime(TimeUnit.MILLISECONDS));
        assertEquals(0, registry.find("syncfleet.sync.latency").tag("target", "web2").timers().size());
    }
}

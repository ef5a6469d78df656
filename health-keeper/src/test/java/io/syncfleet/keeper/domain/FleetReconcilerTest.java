package io.syncfleet.keeper.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.TargetConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetReconcilerTest {

    private static TargetConfig target(String id, String url) {
        return new TargetConfig(id, TargetUrl.parse(url));
    }

    @Test
    void unknownTargetIsPublishedReady() {
        List<TargetStatus> out = FleetReconciler.reconcile(List.of(target("web1", "rsync://h:873/www")), Map.of(), 42);
        assertEquals(1, out.size());
        assertEquals("web1", out.get(0).targetId());
        assertEquals(TargetState.READY, out.get(0).state());
        assertEquals(42, out.get(0).sinceMillis());
    }

    @Test
    void knownTargetWithSameUrlKeepsItsState() {
        TargetStatus dead = TargetStatus.of("web1", "rsync://h:873/www", TargetState.DEAD, 1, "probe failed");
        assertTrue(FleetReconciler.reconcile(List.of(target("web1", "rsync://h:873/www")),
                Map.of("web1", dead), 42).isEmpty());
    }

    @Test
    void changedUrlIsRepublished() {
        TargetStatus old = TargetStatus.of("web1", "rsync://old:873/www", TargetState.DEAD, 1, "x");
        List<TargetStatus> out = FleetReconciler.reconcile(List.of(target("web1", "rsync://new:873/www")),
                Map.of("web1", old), 42);
        assertEquals("rsync://new:873/www", out.get(0).url());
        assertTrue(out.get(0).reason().contains("rsync://old:873/www"));
    }

    @Test
    void runtimeTargetsNotInConfigAreLeftAlone() {
        TargetStatus added = TargetStatus.of("web9", "rsync://h9:873/www", TargetState.READY, 1, "added");
        assertTrue(FleetReconciler.reconcile(List.of(), Map.of("web9", added), 42).isEmpty());
    }
}

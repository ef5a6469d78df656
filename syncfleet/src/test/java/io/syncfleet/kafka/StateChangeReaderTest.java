package io.syncfleet.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.kafka.StateChangeReader.StateChange;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateChangeReaderTest {

    private final List<Map.Entry<String, TargetStatus>> log = new ArrayList<>();

    private void status(String id, TargetState state, long at, String reason) {
        log.add(new SimpleImmutableEntry<>(id, TargetStatus.of(id, "rsync://h/" + id, state, at, reason)));
    }

    @Test
    void onlyStateChangesCountNewestFirst() {
        status("web1", TargetState.RECOVERY, 100, "new target: full sync");
        status("web1", TargetState.READY, 200, "full sync ok");
        status("web2", TargetState.READY, 150, "full sync ok");
        status("web1", TargetState.READY, 250, "same state, new reason");
        status("web2", TargetState.UNHEALTHY, 300, "probe failed");
        status("web2", TargetState.DEAD, 400, "3/5 probes failed");
        log.add(new SimpleImmutableEntry<>("web1", null));
        assertEquals(List.of(
                new StateChange("web2", "unhealthy", "dead", 400, "3/5 probes failed"),
                new StateChange("web2", "ready", "unhealthy", 300, "probe failed"),
                new StateChange("web1", "recovery", "ready", 200, "full sync ok"),
                new StateChange("web2", "new", "ready", 150, "full sync ok"),
                new StateChange("web1", "new", "recovery", 100, "new target: full sync"),
                new StateChange("web1", "ready", "removed", -1, "removed from the fleet")),
                StateChangeReader.changes(log, 10));
        assertEquals(2, StateChangeReader.changes(log, 2).size());
    }
}

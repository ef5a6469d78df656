package io.syncfleet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.TestTrees;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first start of a new fleet on a tree that is already there: each new target gets one full sync.
 * The watcher's start-up RESCAN (it has no manifest yet) must be in the topic before the targets' first
 * full syncs capture their end offsets; published after them (it used to wait for a walk of the whole
 * tree), every target replayed it as a second full sync.
 */
class FirstStartIT {

    @TempDir
    Path tmp;

    @Test
    void eachNewTargetIsSyncedInFullOnce() throws Exception {
        try (FleetFixture fleet = new FleetFixture(tmp, 2, "", base -> {
            for (int d = 0; d < 50; d++) {
                for (int f = 0; f < 200; f++) {
                    TestTrees.write(base, FleetFixture.ROOT + "/d" + d + "/f" + f + ".html", "page " + d + "/" + f);
                }
            }
        })) {
            fleet.awaitConverged(1, 2);
            fleet.awaitIdle(1, 2);
            List<SyncReport> reports = fleet.records(Topics.REPORTS).stream().map(ConsumerRecord::value).toList();
            for (String id : List.of("web1", "web2")) {
                List<SyncReport> full = reports.stream()
                        .filter(r -> r.targetId().equals(id) && r.kind() == ChangeKind.RESCAN).toList();
                assertEquals(1, full.size(), id + ": " + full);
                assertEquals(id + "-c1", full.get(0).commandId(), full.toString());
            }
        }
    }
}

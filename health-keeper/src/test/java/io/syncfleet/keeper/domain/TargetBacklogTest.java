package io.syncfleet.keeper.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetBacklogTest {

    @Test
    void committedAtOrAfterTheLogStartIsInTheLog() {
        assertEquals(new TargetBacklog(true, 7), TargetBacklog.of(Map.of(0, 10L, 1, 5L), Map.of(0, 10L, 1, 0L),
                Map.of(0, 12L, 1, 10L)));
    }

    @Test
    void committedBeforeTheLogStartIsGone() {
        TargetBacklog b = TargetBacklog.of(Map.of(0, 3L, 1, 5L), Map.of(0, 4L, 1, 0L), Map.of(0, 12L, 1, 5L));
        assertEquals(false, b.committedOffsetInLog());
        assertEquals(8, b.lagRecords(), "a consumer past retention is reset to the log start");
    }

    @Test
    void noCommittedOffsetIsInTheLogOnlyWhileNothingWasDeleted() {
        assertEquals(new TargetBacklog(true, 9), TargetBacklog.of(Map.of(), Map.of(0, 0L, 1, 0L), Map.of(0, 4L, 1, 5L)));
        Map<Integer, Long> committed = new HashMap<>();
        committed.put(0, null);
        assertEquals(new TargetBacklog(false, 3), TargetBacklog.of(committed, Map.of(0, 2L), Map.of(0, 5L)));
    }

    @Test
    void aPartitionWithoutAnEndCountsNoLag() {
        assertEquals(new TargetBacklog(true, 0), TargetBacklog.of(Map.of(0, 1L), Map.of(0, 0L), Map.of()));
    }
}

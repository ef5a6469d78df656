package io.syncfleet.keeper.domain.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncErrorTest {

    private static SyncReport report(SyncOutcome outcome, int exit, String message) {
        return new SyncReport(SyncReport.SCHEMA_VERSION, "web3", List.of("b1"), ChangeKind.CHANGE, 1, outcome, exit,
                message, 1, 2, 3);
    }

    @Test
    void anOkReportIsNoError() {
        assertEquals(Optional.empty(), SyncError.of(report(SyncOutcome.OK, 0, ""), 5));
    }

    @Test
    void everyOtherOutcomeIsAnErrorNamedByOutcomeAndExitCode() {
        assertEquals(Optional.of(new SyncError(5, "web3", "target-down, rsync exit 10", "connection refused")),
                SyncError.of(report(SyncOutcome.TARGET_DOWN, 10, " connection refused\n"), 5));
        assertEquals("partial, rsync exit 23", SyncError.of(report(SyncOutcome.PARTIAL, 23, ""), 5).orElseThrow().reason());
        assertEquals("fatal-config, rsync exit 5",
                SyncError.of(report(SyncOutcome.FATAL_CONFIG, 5, ""), 5).orElseThrow().reason());
        assertEquals("target-down, rsync not run",
                SyncError.of(report(SyncOutcome.TARGET_DOWN, -1, ""), 5).orElseThrow().reason());
    }

    @Test
    void aLongMessageIsShortened() {
        String detail = SyncError.of(report(SyncOutcome.PARTIAL, 23, "x".repeat(1000)), 5).orElseThrow().detail();
        assertEquals(SyncError.MAX_DETAIL + 3, detail.length());
    }
}

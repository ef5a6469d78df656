package io.syncfleet.worker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.worker.domain.TargetDuty.LoopAction;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every row of {@link TargetDuty}'s table. */
class TargetDutyTest {

    private static final CatchUpCommand C2 = new CatchUpCommand("web1-c2", CatchUpMode.REPLAY, 1000);
    private static final CatchUpCommand C3 = new CatchUpCommand("web1-c3", CatchUpMode.FULL, 2000);

    private static TargetStatus status(TargetState state, CatchUpCommand command) {
        return new TargetStatus(TargetStatus.SCHEMA_VERSION, "web1", "rsync://h/www", state, 1, "test", command);
    }

    @Test
    void aRemovedTargetStopsEverything() {
        TargetDuty d = TargetDuty.decide(null, true, null, "web1-c2", Set.of("web1-c2"));
        assertEquals(LoopAction.STOP, d.loop());
        assertTrue(d.cancelCatchUp());
        assertNull(d.runCatchUp());

        TargetDuty idle = TargetDuty.decide(null, false, null, null, Set.of());
        assertEquals(LoopAction.KEEP, idle.loop(), "nothing to stop");
        assertFalse(idle.cancelCatchUp());
    }

    @Test
    void readyStartsTheLoopOrKeepsItAndCancelsAnyCatchUp() {
        assertEquals(new TargetDuty(LoopAction.START, false, null),
                TargetDuty.decide(status(TargetState.READY, null), false, null, null, Set.of()));
        assertEquals(new TargetDuty(LoopAction.KEEP, false, null),
                TargetDuty.decide(status(TargetState.READY, null), true, null, null, Set.of()));
        assertEquals(new TargetDuty(LoopAction.KEEP, true, null),
                TargetDuty.decide(status(TargetState.READY, null), true, "web1-c2", "web1-c2", Set.of("web1-c2")),
                "the replay's loop becomes the live loop; the replay itself is no longer tracked");
        assertEquals(new TargetDuty(LoopAction.START, true, null),
                TargetDuty.decide(status(TargetState.READY, null), false, null, "web1-c3", Set.of("web1-c3")),
                "a full sync still running when READY arrives is stale");
    }

    @Test
    void aNewCommandStopsTheLoopCancelsTheOlderCatchUpAndRuns() {
        TargetDuty d = TargetDuty.decide(status(TargetState.RECOVERY, C3), true, "web1-c2", "web1-c2",
                Set.of("web1-c2"));
        assertEquals(LoopAction.STOP, d.loop());
        assertTrue(d.cancelCatchUp());
        assertSame(C3, d.runCatchUp());

        TargetDuty first = TargetDuty.decide(status(TargetState.RECOVERY, C2), false, null, null, Set.of());
        assertEquals(new TargetDuty(LoopAction.KEEP, false, C2), first);
    }

    @Test
    void aCommandAlreadyRunIsNotRunAgain() {
        TargetDuty running = TargetDuty.decide(status(TargetState.RECOVERY, C2), true, "web1-c2", "web1-c2",
                Set.of("web1-c2"));
        assertEquals(new TargetDuty(LoopAction.KEEP, false, null), running, "a re-delivered status changes nothing");

        TargetDuty replayed = TargetDuty.decide(status(TargetState.RECOVERY, C2), true, "web1-c2", null,
                Set.of("web1-c2"));
        assertEquals(new TargetDuty(LoopAction.KEEP, false, null), replayed,
                "after the replay its loop keeps running until READY");

        TargetDuty fullDone = TargetDuty.decide(status(TargetState.RECOVERY, C3), false, null, null,
                Set.of("web1-c3"));
        assertEquals(new TargetDuty(LoopAction.KEEP, false, null), fullDone, "no loop after a full sync");
    }

    @Test
    void inRecoveryOnlyTheLoopOfTheCurrentReplayMayRun() {
        TargetDuty live = TargetDuty.decide(status(TargetState.RECOVERY, C2), true, null, null, Set.of("web1-c2"));
        assertEquals(LoopAction.STOP, live.loop());

        TargetDuty older = TargetDuty.decide(status(TargetState.RECOVERY, C3), true, "web1-c2", null,
                Set.of("web1-c2", "web1-c3"));
        assertEquals(LoopAction.STOP, older.loop());

        TargetDuty noCommand = TargetDuty.decide(status(TargetState.RECOVERY, null), true, "web1-c2", "web1-c2",
                Set.of("web1-c2"));
        assertEquals(new TargetDuty(LoopAction.STOP, true, null), noCommand);
    }

    @Test
    void unhealthyAndDeadStopTheLoopAndCancelTheCatchUp() {
        for (TargetState s : new TargetState[] {TargetState.UNHEALTHY, TargetState.DEAD}) {
            assertEquals(new TargetDuty(LoopAction.STOP, true, null),
                    TargetDuty.decide(status(s, null), true, "web1-c2", "web1-c2", Set.of("web1-c2")), s.name());
            assertEquals(new TargetDuty(LoopAction.KEEP, false, null),
                    TargetDuty.decide(status(s, C2), false, null, null, Set.of()),
                    s + ": a command outside RECOVERY is not run");
        }
    }
}

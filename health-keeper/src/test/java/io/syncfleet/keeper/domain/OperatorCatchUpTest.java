package io.syncfleet.keeper.domain;

import static io.syncfleet.common.event.TargetState.DEAD;
import static io.syncfleet.common.event.TargetState.READY;
import static io.syncfleet.common.event.TargetState.RECOVERY;
import static io.syncfleet.common.event.TargetState.UNHEALTHY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.HealthConfig;
import io.syncfleet.common.config.RecoveryConfig;
import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.TargetState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TargetStateMachine#operatorCatchUp}: an operator's replay or full sync, from every state. */
class OperatorCatchUpTest {

    private static final String URL = "rsync://10.0.0.3:873/www";
    private static final long T0 = 1_000_000;
    private static final long SEC = 1_000;
    private static final long SINCE = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
    private static final String WHO = "operator alice@ops1 asked for a replay";
    private static final ProbeResult OK = ProbeResult.ok("greeting @RSYNCD: 32.0");
    private static final ProbeResult REFUSED = ProbeResult.failed("connection refused");

    private final TargetStateMachine machine = new TargetStateMachine(HealthConfig.defaults(), RecoveryConfig.defaults(),
            id -> true);

    private TargetHealth in(TargetState state) {
        TargetHealth ready = machine.initial("web3", URL, T0, false);
        TargetHealth unhealthy = machine.on(ready, REFUSED, T0).next();
        return switch (state) {
            case READY -> ready;
            case UNHEALTHY -> unhealthy;
            case DEAD -> feed(unhealthy, REFUSED, REFUSED, REFUSED);
            case RECOVERY -> feed(unhealthy, OK, OK, OK);
        };
    }

    private TargetHealth feed(TargetHealth h, ProbeResult... results) {
        for (ProbeResult r : results) {
            h = machine.on(h, r, T0 + SEC).next();
        }
        return h;
    }

    @ParameterizedTest
    @EnumSource(TargetState.class)
    void everyStateEntersRecoveryWithTheOperatorsCommand(TargetState state) {
        TargetHealth h = in(state);
        long now = T0 + 60 * SEC;
        Transition t = machine.operatorCatchUp(h, CatchUpMode.REPLAY, SINCE, WHO, now);
        assertTrue(t.changed());
        assertEquals(RECOVERY, t.next().state());
        assertEquals(now, t.next().sinceMillis());
        CatchUpCommand expected = new CatchUpCommand(CatchUpCommand.id("web3", h.commands() + 1), CatchUpMode.REPLAY,
                now, SINCE);
        assertEquals(expected, t.command().orElseThrow());
        assertEquals(expected, t.next().pendingCommand());
        assertEquals(h.commands() + 1, t.next().commands());
        assertTrue(t.reason().startsWith(WHO + "; catch-up " + expected.id()
                + " (replay from 2026-11-23T10:00:00Z)"), t.reason());
        assertEquals(t.reason(), t.next().reason());
        assertEquals(now + machine.interval(RECOVERY).toMillis(), t.nextProbeAtMillis());
    }

    @Test
    void fromReadyTheOutageStartsNow() {
        Transition t = machine.operatorCatchUp(in(READY), CatchUpMode.FULL, -1, "operator bob asked for a full sync",
                T0 + 9 * SEC);
        assertEquals(T0 + 9 * SEC, t.next().outageStartMillis());
        assertEquals(new CatchUpCommand("web3-c1", CatchUpMode.FULL, T0 + 9 * SEC, -1), t.next().pendingCommand());
        assertEquals("operator bob asked for a full sync; catch-up web3-c1 (full)", t.reason());
        assertFalse(t.next().fullSyncOwed(), "owed only if this full sync is dropped");
    }

    @Test
    void fromDeadTheOutageKeepsItsStart() {
        TargetHealth dead = in(DEAD);
        Transition t = machine.operatorCatchUp(dead, CatchUpMode.REPLAY, SINCE, WHO, T0 + 9 * SEC);
        assertEquals(T0, t.next().outageStartMillis());
    }

    @Test
    void replayWithoutATimeReplaysFromTheCommittedOffset() {
        Transition t = machine.operatorCatchUp(in(READY), CatchUpMode.REPLAY, -1, WHO, T0);
        assertEquals(-1, t.next().pendingCommand().replayFromMillis());
        assertTrue(t.reason().endsWith("(replay from the committed offset)"), t.reason());
    }

    @Test
    void aFullSyncIgnoresTheReplayTime() {
        Transition t = machine.operatorCatchUp(in(READY), CatchUpMode.FULL, SINCE, "x", T0);
        assertEquals(-1, t.next().pendingCommand().replayFromMillis());
    }

    @Test
    void aPendingCommandIsReplacedAndItsResultBecomesStale() {
        TargetHealth recovery = in(RECOVERY);
        assertEquals("web3-c1", recovery.pendingCommandId());
        Transition t = machine.operatorCatchUp(recovery, CatchUpMode.REPLAY, SINCE, WHO, T0 + 9 * SEC);
        assertEquals("web3-c2", t.next().pendingCommandId());
        assertTrue(t.reason().endsWith("; replaces web3-c1"), t.reason());
        Transition late = machine.on(t.next(), new CatchUpResult("web3-c1", true, ""), T0 + 10 * SEC);
        assertSame(t.next(), late.next());
        assertEquals(READY, machine.on(t.next(), new CatchUpResult("web3-c2", true, ""), T0 + 10 * SEC).next().state());
    }

    @Test
    void replacingAFullSyncOwesAFullSync() {
        TargetHealth fresh = machine.initial("web9", URL, T0, true);
        Transition replay = machine.operatorCatchUp(fresh, CatchUpMode.REPLAY, SINCE, WHO, T0 + SEC);
        assertEquals(CatchUpMode.FULL, replay.next().pendingCommand().mode(),
                "a target that owes a full sync gets one even when a replay is asked");
        assertTrue(replay.reason().contains("(full), not a replay: the target owes a full sync"), replay.reason());
        assertTrue(replay.next().fullSyncOwed());
    }

    @Test
    void aTargetThatOwesNothingGetsTheReplayAsked() {
        TargetHealth recovery = in(RECOVERY);
        assertFalse(recovery.fullSyncOwed());
        assertEquals(CatchUpMode.REPLAY, machine.operatorCatchUp(recovery, CatchUpMode.REPLAY, SINCE, WHO, T0)
                .next().pendingCommand().mode());
    }

    @Test
    void aDownTargetFallsBackToUnhealthyOnItsNextFailedProbe() {
        Transition t = machine.operatorCatchUp(in(DEAD), CatchUpMode.FULL, -1, "x", T0 + 9 * SEC);
        TargetHealth after = machine.on(t.next(), REFUSED, T0 + 12 * SEC).next();
        assertEquals(UNHEALTHY, after.state());
        assertTrue(after.fullSyncOwed(), "the dropped full sync is owed");
    }

    @Test
    void sameInputsSameTransition() {
        assertEquals(machine.operatorCatchUp(in(READY), CatchUpMode.REPLAY, SINCE, WHO, T0),
                machine.operatorCatchUp(in(READY), CatchUpMode.REPLAY, SINCE, WHO, T0));
        assertEquals(Duration.ofSeconds(3), machine.interval(RECOVERY));
    }
}

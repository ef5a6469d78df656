package io.syncfleet.keeper.domain;

import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.CatchUpCommand;

import static io.syncfleet.common.event.TargetState.DEAD;
import static io.syncfleet.common.event.TargetState.READY;
import static io.syncfleet.common.event.TargetState.RECOVERY;
import static io.syncfleet.common.event.TargetState.UNHEALTHY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.HealthConfig;
import io.syncfleet.common.config.RecoveryConfig;
import io.syncfleet.common.config.RecoveryMode;
import io.syncfleet.common.event.TargetState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TargetStateMachineTest {

    private static final String URL = "rsync://10.0.0.3:873/www";
    private static final long T0 = 1_000_000;
    private static final long SEC = 1_000;
    private static final HealthConfig HEALTH = new HealthConfig(new HealthConfig.Intervals(Duration.ofSeconds(5),
            Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(6)), 5, 3, Duration.ofSeconds(2));

    private static final ProbeResult OK = ProbeResult.ok("greeting @RSYNCD: 32.0");
    private static final ProbeResult REFUSED = ProbeResult.failed("connection refused");

    /** What the replay window answers, and every target it was asked about. */
    private boolean offsetInLog = true;
    private final List<String> asked = new ArrayList<>();

    private final TargetStateMachine machine = machine(HEALTH, RecoveryConfig.defaults());

    private TargetStateMachine machine(HealthConfig health, RecoveryConfig recovery) {
        return new TargetStateMachine(health, recovery, id -> {
            asked.add(id);
            return offsetInLog;
        });
    }

    // ---- helpers: reach each state the way a real target does ----

    private TargetHealth ready() {
        return machine.initial("web3", URL, T0, false);
    }

    /** Left ready at T0 after a failed probe. */
    private TargetHealth unhealthy() {
        return machine.on(ready(), REFUSED, T0).next();
    }

    /** Dead at T0 + 6s after three failed probes at T0, T0 + 3s, T0 + 6s. */
    private TargetHealth dead() {
        return run(unhealthy(), T0, 3 * SEC, REFUSED, REFUSED, REFUSED);
    }

    /** In recovery at T0 + 6s after three ok probes (web3-c1, replay). */
    private TargetHealth recovery() {
        return run(unhealthy(), T0, 3 * SEC, OK, OK, OK);
    }

    /** Feeds signals at {@code start}, {@code start + step}, ...; returns the last health. */
    private TargetHealth run(TargetHealth h, long start, long step, Signal... signals) {
        return run(machine, h, start, step, signals);
    }

    private static TargetHealth run(TargetStateMachine m, TargetHealth h, long start, long step, Signal... signals) {
        long now = start;
        for (Signal s : signals) {
            h = m.on(h, s, now).next();
            now += step;
        }
        return h;
    }

    // ---- every edge of the chart ----

    static Stream<Arguments> edges() {
        return Stream.of(
                Arguments.of("ready", REFUSED, UNHEALTHY, "probe failed: connection refused"),
                Arguments.of("ready", new SyncDown("exit 10 connection refused"), UNHEALTHY,
                        "worker reported target down: exit 10 connection refused"),
                Arguments.of("unhealthy+2 failed", REFUSED, DEAD, "3/5 probes failed: connection refused"),
                Arguments.of("unhealthy+2 ok", OK, RECOVERY, "3/5 probes ok; catch-up web3-c1 (replay): outage 6s is"
                        + " shorter than recovery.maxReplayAge 1h and the committed offset is still in the log"),
                Arguments.of("dead", OK, UNHEALTHY, "probe ok after 0 failed probes, dead for 0ms"),
                Arguments.of("recovery", new CatchUpResult("web3-c1", true, ""), READY, "catch-up web3-c1 (replay) ok"),
                Arguments.of("recovery", new CatchUpResult("web3-c1", false, "exit 30 timeout"), UNHEALTHY,
                        "catch-up web3-c1 (replay) failed: exit 30 timeout"),
                Arguments.of("recovery", ProbeResult.failed("no rsync greeting within 2s"), UNHEALTHY,
                        "probe failed during catch-up web3-c1 (replay): no rsync greeting within 2s"));
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("edges")
    void everyEdgeChangesStateWithItsReason(String from, Signal signal, TargetState to, String reason) {
        TargetHealth start = switch (from) {
            case "ready" -> ready();
            case "unhealthy+2 failed" -> run(unhealthy(), T0, 3 * SEC, REFUSED, REFUSED);
            case "unhealthy+2 ok" -> run(unhealthy(), T0, 3 * SEC, OK, OK);
            case "dead" -> dead();
            case "recovery" -> recovery();
            default -> throw new IllegalArgumentException(from);
        };
        long now = Math.max(start.sinceMillis(), T0 + 6 * SEC);
        Transition t = machine.on(start, signal, now);
        assertTrue(t.changed());
        assertEquals(to, t.next().state());
        assertEquals(reason, t.reason());
        assertEquals(reason, t.next().reason());
        assertEquals(now, t.next().sinceMillis());
        assertEquals(0, t.next().probes(), "counts restart in the new state");
        assertEquals(0, t.next().failures());
        assertEquals(to == RECOVERY, t.command().isPresent());
    }

    static Stream<Arguments> nonEdges() {
        return Stream.of(
                Arguments.of("ready", OK, "probe ok: greeting @RSYNCD: 32.0"),
                Arguments.of("unhealthy", OK, "probe 1/5 ok"),
                Arguments.of("unhealthy", REFUSED, "probe 1/5 failed: connection refused"),
                Arguments.of("dead", REFUSED, "still dead: probe failed: connection refused"),
                Arguments.of("recovery", OK, "probe ok; waiting for catch-up web3-c1"));
    }

    @ParameterizedTest(name = "{0} --{1}--> same state")
    @MethodSource("nonEdges")
    void probesThatDecideNothingOnlyCount(String from, ProbeResult probe, String reason) {
        TargetHealth start = switch (from) {
            case "ready" -> ready();
            case "unhealthy" -> unhealthy();
            case "dead" -> dead();
            default -> recovery();
        };
        long now = T0 + 20 * SEC;
        Transition t = machine.on(start, probe, now);
        assertFalse(t.changed());
        assertEquals(reason, t.reason());
        assertEquals(start.state(), t.next().state());
        assertEquals(start.reason(), t.next().reason(), "the published reason stays the reason of the state");
        assertEquals(start.sinceMillis(), t.next().sinceMillis());
        assertEquals(start.probes() + 1, t.next().probes());
        assertEquals(start.failures() + (probe.ok() ? 0 : 1), t.next().failures());
        assertEquals(now + machine.interval(start.state()).toMillis(), t.nextProbeAtMillis());
        assertEquals(Optional.empty(), t.command());
    }

    // ---- the unhealthy round ----

    /**
     * Every sequence of probe results for several (unhealthyProbes, unhealthyFatal): the round ends at
     * the first probe where f >= F (dead) or s > N - F (recovery), and never later than probe N.
     */
    @ParameterizedTest(name = "unhealthyProbes {0}, unhealthyFatal {1}")
    @CsvSource({"5, 3", "5, 5", "5, 1", "1, 1", "3, 2", "6, 3", "4, 4"})
    void roundIsDecidedAsSoonAsItsOutcomeIsCertain(int n, int f) {
        HealthConfig health = new HealthConfig(HEALTH.interval(), n, f, HEALTH.probeTimeout());
        TargetStateMachine m = machine(health, RecoveryConfig.defaults());
        for (int bits = 0; bits < (1 << n); bits++) {
            TargetHealth h = m.on(m.initial("web3", URL, T0, false), REFUSED, T0).next();
            int failures = 0;
            int successes = 0;
            TargetState expected = null;
            for (int i = 0; i < n && expected == null; i++) {
                boolean ok = (bits & (1 << i)) != 0;
                failures += ok ? 0 : 1;
                successes += ok ? 1 : 0;
                expected = failures >= f ? DEAD : successes > n - f ? RECOVERY : null;
                Transition t = m.on(h, ok ? OK : REFUSED, T0 + i);
                String where = "sequence " + Integer.toBinaryString(bits) + " probe " + (i + 1);
                assertEquals(expected == null ? UNHEALTHY : expected, t.next().state(), where);
                assertEquals(expected != null, t.changed(), where);
                h = t.next();
            }
            assertTrue(expected != null, "round of " + n + " probes left undecided: " + Integer.toBinaryString(bits));
        }
    }

    @Test
    void mixedRoundsGiveTheirCountsInTheReason() {
        TargetHealth h = run(unhealthy(), T0, SEC, REFUSED, OK, REFUSED, OK);
        Transition toRecovery = machine.on(h, OK, T0 + 4 * SEC);
        assertEquals(RECOVERY, toRecovery.next().state());
        assertTrue(toRecovery.reason().startsWith("3/5 probes ok after 2 failed; catch-up web3-c1 (replay): "),
                toRecovery.reason());

        Transition toDead = machine.on(run(unhealthy(), T0, SEC, OK, REFUSED, OK, REFUSED),
                ProbeResult.failed("no rsync greeting within 2s"), T0 + 4 * SEC);
        assertEquals(DEAD, toDead.next().state());
        assertEquals("3/5 probes failed: no rsync greeting within 2s", toDead.reason());
    }

    // ---- probe times ----

    @Test
    void eachStateIsProbedAtItsInterval() {
        assertEquals(T0, ready().nextProbeAtMillis(), "a configured target is probed at once");
        assertEquals(T0 + 5 * SEC, machine.on(ready(), OK, T0).nextProbeAtMillis());

        Transition toUnhealthy = machine.on(ready(), REFUSED, T0 + SEC);
        assertEquals(T0 + SEC, toUnhealthy.nextProbeAtMillis(), "an unhealthy round starts at once");
        assertEquals(T0 + 4 * SEC, machine.on(toUnhealthy.next(), OK, T0 + SEC).nextProbeAtMillis());

        assertEquals(T0 + 6 * SEC + 4 * SEC, dead().nextProbeAtMillis());
        assertEquals(T0 + 20 * SEC + 4 * SEC, machine.on(dead(), REFUSED, T0 + 20 * SEC).nextProbeAtMillis());
        assertEquals(T0 + 20 * SEC, machine.on(dead(), OK, T0 + 20 * SEC).nextProbeAtMillis(),
                "back from dead: a fresh round starts at once");

        assertEquals(T0 + 6 * SEC + 6 * SEC, recovery().nextProbeAtMillis());
        Transition toReady = machine.on(recovery(), new CatchUpResult("web3-c1", true, ""), T0 + 30 * SEC);
        assertEquals(T0 + 30 * SEC + 5 * SEC, toReady.nextProbeAtMillis());
    }

    @Test
    void tickBeforeTheNextProbeTimeDoesNothing() {
        TargetHealth h = machine.on(ready(), OK, T0).next();
        Transition t = machine.on(h, Tick.INSTANCE, T0 + 3 * SEC);
        assertSame(h, t.next());
        assertFalse(t.changed());
        assertEquals(Optional.empty(), t.command());
        assertEquals("next probe in 2s", t.reason());
        assertFalse(h.probeDue(T0 + 3 * SEC));
    }

    @ParameterizedTest
    @EnumSource(TargetState.class)
    void tickNeverChangesATargetAndSaysWhenAProbeIsDue(TargetState state) {
        TargetHealth h = switch (state) {
            case READY -> ready();
            case UNHEALTHY -> unhealthy();
            case DEAD -> dead();
            case RECOVERY -> recovery();
        };
        Transition due = machine.on(h, Tick.INSTANCE, h.nextProbeAtMillis());
        assertSame(h, due.next());
        assertFalse(due.changed());
        assertEquals("probe due", due.reason());
        assertTrue(h.probeDue(h.nextProbeAtMillis()));
        assertSame(h, machine.on(h, Tick.INSTANCE, h.nextProbeAtMillis() + 60 * SEC).next());
    }

    // ---- worker reports ----

    @ParameterizedTest
    @EnumSource(value = TargetState.class, names = {"UNHEALTHY", "DEAD", "RECOVERY"})
    void syncDownOutsideReadyIsIgnored(TargetState state) {
        TargetHealth h = state == UNHEALTHY ? unhealthy() : state == DEAD ? dead() : recovery();
        Transition t = machine.on(h, new SyncDown("exit 10 connection refused"), T0 + 30 * SEC);
        assertSame(h, t.next());
        assertFalse(t.changed());
        assertTrue(t.reason().startsWith("ignored worker report, target is "), t.reason());
    }

    @Test
    void syncDownMovesReadyAtOnceWithoutWaitingForAProbe() {
        TargetHealth h = machine.on(ready(), OK, T0).next();
        Transition t = machine.on(h, new SyncDown("exit 30 timeout"), T0 + SEC);
        assertEquals(UNHEALTHY, t.next().state());
        assertEquals(T0 + SEC, t.next().outageStartMillis());
        assertTrue(t.next().probeDue(T0 + SEC));
    }

    @Test
    void aLiveSyncThatReachedAReadyTargetCountsAsAProbe() {
        TargetHealth h = machine.on(ready(), OK, T0).next();
        assertEquals(T0 + 5 * SEC, h.nextProbeAtMillis());

        Transition t = machine.on(h, new SyncOk(T0 + 3 * SEC), T0 + 3 * SEC + 100);
        assertFalse(t.changed(), "nothing to publish");
        assertEquals(READY, t.next().state());
        assertEquals(T0 + 8 * SEC, t.nextProbeAtMillis(), "one ready interval after the sync");
        assertEquals("live sync ok: counts as a probe, next probe in 4s", t.reason());
        assertEquals(h.reason(), t.next().reason());
        assertEquals(h.sinceMillis(), t.next().sinceMillis());
        assertEquals(h.probes(), t.next().probes());
        assertFalse(t.next().probeDue(T0 + 5 * SEC));
        assertTrue(t.next().probeDue(T0 + 8 * SEC));

        Transition down = machine.on(t.next(), REFUSED, T0 + 8 * SEC);
        assertEquals(UNHEALTHY, down.next().state(), "a probe still decides once the target is idle");
    }

    @Test
    void aLiveSyncNeverBringsAProbeForwardNorDefersItPastAnIntervalFromNow() {
        TargetHealth h = machine.on(ready(), OK, T0).next();
        Transition old = machine.on(h, new SyncOk(T0 - 10 * SEC), T0 + SEC);
        assertSame(h, old.next());
        assertEquals("live sync ok; next probe in 4s as planned", old.reason());

        Transition ahead = machine.on(h, new SyncOk(T0 + 60 * SEC), T0 + SEC);
        assertEquals(T0 + 6 * SEC, ahead.nextProbeAtMillis(), "a worker clock ahead of ours counts as now");
    }

    @ParameterizedTest
    @EnumSource(value = TargetState.class, names = {"UNHEALTHY", "DEAD", "RECOVERY"})
    void aLiveSyncOutsideReadyLeavesTheProbesToDecide(TargetState state) {
        TargetHealth h = state == UNHEALTHY ? unhealthy() : state == DEAD ? dead() : recovery();
        Transition t = machine.on(h, new SyncOk(T0 + 30 * SEC), T0 + 30 * SEC);
        assertSame(h, t.next());
        assertFalse(t.changed());
        assertEquals("live sync ok ignored, target is " + state.name().toLowerCase(java.util.Locale.ROOT)
                + ": its probes decide", t.reason());
    }

    // ---- catch-up commands ----

    @Test
    void newTargetStartsInRecoveryWithAFullSync() {
        TargetHealth h = machine.initial("web9", "rsync://h/www", T0, true);
        assertEquals(RECOVERY, h.state());
        assertEquals(new CatchUpCommand("web9-c1", CatchUpMode.FULL, T0), h.pendingCommand());
        assertEquals("web9-c1", h.pendingCommandId());
        assertEquals("new target; catch-up web9-c1 (full): a new target gets a full sync before live sync", h.reason());
        assertTrue(h.fullSyncOwed());
        assertEquals(T0 + 6 * SEC, h.nextProbeAtMillis());
        assertEquals(List.of(), asked, "a new target has nothing to replay");

        Transition done = machine.on(h, new CatchUpResult("web9-c1", true, "1000 files"), T0 + 9 * SEC);
        assertEquals(READY, done.next().state());
        assertEquals("catch-up web9-c1 (full) ok: 1000 files", done.reason());
        assertFalse(done.next().fullSyncOwed());
        assertNull(done.next().pendingCommand());
    }

    @Test
    void aNewTargetWhoseFullSyncFailedGetsAFullSyncAgainEvenIfItsOffsetIsInTheLog() {
        TargetHealth h = machine.initial("web9", "rsync://h/www", T0, true);
        h = machine.on(h, new CatchUpResult("web9-c1", false, "exit 23 partial"), T0 + SEC).next();
        assertEquals(UNHEALTHY, h.state());
        assertTrue(h.fullSyncOwed());
        Transition again = machine.on(run(h, T0 + SEC, SEC, OK, OK), OK, T0 + 3 * SEC);
        assertEquals(new CatchUpCommand("web9-c2", CatchUpMode.FULL, T0 + 3 * SEC), again.command().orElseThrow());
        assertTrue(again.reason().endsWith("catch-up web9-c2 (full): the last full sync did not complete"),
                again.reason());
    }

    @Test
    void aFullSyncDroppedByAFailedProbeIsOwedAtTheNextRecovery() {
        TargetStateMachine full = machine(HEALTH, new RecoveryConfig(RecoveryMode.FULL, Duration.ofHours(1)));
        TargetHealth h = full.on(full.initial("web3", URL, T0, false), REFUSED, T0).next();
        h = run(full, h, T0, SEC, OK, OK, OK);
        assertEquals(CatchUpMode.FULL, h.pendingCommand().mode());
        assertFalse(h.fullSyncOwed(), "owed only once a full sync is dropped");
        h = full.on(h, REFUSED, T0 + 4 * SEC).next();
        assertEquals(UNHEALTHY, h.state());
        assertTrue(h.fullSyncOwed());

        TargetHealth back = run(machine, h, T0 + 5 * SEC, SEC, OK, OK, OK);
        assertEquals(CatchUpMode.FULL, back.pendingCommand().mode(), "owed even where the policy would replay");
        assertTrue(back.reason().endsWith("(full): the last full sync did not complete"), back.reason());
    }

    @Test
    void aFailedReplayIsDecidedAfreshByThePolicy() {
        TargetHealth h = machine.on(recovery(), new CatchUpResult("web3-c1", false, "exit 30 timeout"), T0 + 7 * SEC)
                .next();
        assertFalse(h.fullSyncOwed());
        TargetHealth back = run(h, T0 + 8 * SEC, SEC, OK, OK, OK);
        assertEquals(new CatchUpCommand("web3-c2", CatchUpMode.REPLAY, T0 + 10 * SEC), back.pendingCommand());
    }

    @Test
    void commandIdsCountPerTargetAndAreDeterministic() {
        TargetHealth h = recovery();
        List<String> ids = new ArrayList<>();
        long now = T0 + 10 * SEC;
        for (int i = 0; i < 3; i++) {
            ids.add(h.pendingCommandId());
            h = machine.on(h, ProbeResult.failed("connection reset"), now).next();
            h = run(h, now, SEC, OK, OK, OK);
            now += 10 * SEC;
        }
        assertEquals(List.of("web3-c1", "web3-c2", "web3-c3"), ids);
        assertEquals(4, h.commands());
        assertEquals(recovery(), recovery(), "same inputs, same health");
    }

    @Test
    void staleCatchUpResultsAreIgnored() {
        TargetHealth c1 = recovery();
        TargetHealth dropped = machine.on(c1, REFUSED, T0 + 7 * SEC).next();

        Transition late = machine.on(dropped, new CatchUpResult("web3-c1", true, ""), T0 + 8 * SEC);
        assertSame(dropped, late.next());
        assertFalse(late.changed());
        assertEquals("ignored stale catch-up result web3-c1: target is unhealthy, no catch-up pending", late.reason());

        TargetHealth c2 = run(dropped, T0 + 8 * SEC, SEC, OK, OK, OK);
        assertEquals("web3-c2", c2.pendingCommandId());
        for (boolean ok : new boolean[] {true, false}) {
            Transition stale = machine.on(c2, new CatchUpResult("web3-c1", ok, ""), T0 + 20 * SEC);
            assertSame(c2, stale.next());
            assertFalse(stale.changed());
            assertEquals("ignored stale catch-up result web3-c1; waiting for web3-c2", stale.reason());
        }
        assertEquals(READY, machine.on(c2, new CatchUpResult("web3-c2", true, ""), T0 + 20 * SEC).next().state());
    }

    @Test
    void catchUpResultWhileReadyIsIgnored() {
        TargetHealth h = ready();
        Transition t = machine.on(h, new CatchUpResult("web3-c7", false, "boom"), T0);
        assertSame(h, t.next());
        assertFalse(t.changed());
    }

    // ---- the outage and the catch-up decision ----

    @Test
    void outageStartsWhenTheTargetLeavesReadyAndLastsThroughDeath() {
        TargetHealth h = machine.on(ready(), OK, T0).next();
        assertEquals(-1, h.outageStartMillis());
        h = machine.on(h, REFUSED, T0 + 5 * SEC).next();
        assertEquals(T0 + 5 * SEC, h.outageStartMillis());
        h = run(h, T0 + 5 * SEC, 3 * SEC, REFUSED, REFUSED, REFUSED);
        assertEquals(DEAD, h.state());
        h = run(h, T0 + 20 * SEC, 4 * SEC, REFUSED, REFUSED, OK);
        assertEquals(UNHEALTHY, h.state());
        assertEquals("probe ok after 2 failed probes, dead for 17s", h.reason());
        assertEquals(T0 + 5 * SEC, h.outageStartMillis(), "the outage began when it left ready, not when it came back");
        h = run(h, T0 + 30 * SEC, 3 * SEC, OK, OK, OK);
        assertEquals(RECOVERY, h.state());
        assertTrue(h.reason().contains("outage 31s is shorter than recovery.maxReplayAge 1h"), h.reason());
        assertEquals(T0 + 5 * SEC, h.outageStartMillis());
        h = machine.on(h, new CatchUpResult("web3-c1", true, ""), T0 + 40 * SEC).next();
        assertEquals(READY, h.state());
        assertEquals(T0 + 5 * SEC, h.outageStartMillis(), "kept: when it last left ready");
    }

    @Test
    void longOutageInAutoModeGetsAFullSync() {
        TargetHealth h = dead();
        long back = T0 + Duration.ofHours(2).toMillis();
        h = machine.on(h, OK, back).next();
        h = run(h, back, 3 * SEC, OK, OK, OK);
        assertEquals(CatchUpMode.FULL, h.pendingCommand().mode());
        assertEquals("3/5 probes ok; catch-up web3-c1 (full): outage 2h is not shorter than recovery.maxReplayAge 1h",
                h.reason());
    }

    @Test
    void offsetOutOfTheLogGetsAFullSync() {
        offsetInLog = false;
        TargetHealth h = recovery();
        assertEquals(CatchUpMode.FULL, h.pendingCommand().mode());
        assertTrue(h.reason().endsWith("(full): " + CatchUpPolicy.OFFSET_GONE), h.reason());
    }

    @Test
    void replayWindowIsAskedOnlyWhenATargetEntersRecovery() {
        TargetHealth h = run(unhealthy(), T0, SEC, OK, REFUSED, OK);
        assertEquals(List.of(), asked);
        h = machine.on(h, OK, T0 + 4 * SEC).next();
        assertEquals(List.of("web3"), asked);
        machine.on(h, OK, T0 + 5 * SEC);
        machine.on(h, Tick.INSTANCE, T0 + 5 * SEC);
        assertEquals(List.of("web3"), asked);
    }

    // ---- the health record ----

    @Test
    void healthKeepsRecoveryAndItsCommandTogether() {
        CatchUpCommand c = new CatchUpCommand("web3-c1", CatchUpMode.REPLAY, T0);
        assertThrows(IllegalArgumentException.class,
                () -> new TargetHealth("web3", URL, RECOVERY, T0, "x", 0, 0, T0, null, false, 1, T0));
        assertThrows(IllegalArgumentException.class,
                () -> new TargetHealth("web3", URL, READY, T0, "x", 0, 0, T0, c, false, 1, T0));
        assertThrows(IllegalArgumentException.class,
                () -> new TargetHealth("web3", URL, UNHEALTHY, T0, "x", 1, 2, T0, null, false, 1, T0));
    }
}

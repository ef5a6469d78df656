package io.syncfleet.keeper.domain;

import static io.syncfleet.common.event.TargetState.DEAD;
import static io.syncfleet.common.event.TargetState.READY;
import static io.syncfleet.common.event.TargetState.RECOVERY;
import static io.syncfleet.common.event.TargetState.UNHEALTHY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.HealthConfig;
import io.syncfleet.common.config.RecoveryConfig;
import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TargetStateMachine#restore}: a restarted keeper takes over each target from the {@code targets} topic. */
class RestoreTest {

    private static final String URL = "rsync://10.0.0.3:873/www";
    private static final long SINCE = 500_000;
    private static final long NOW = 1_000_000;
    private static final ProbeResult OK = ProbeResult.ok("greeting");

    private final TargetStateMachine machine = new TargetStateMachine(HealthConfig.defaults(), RecoveryConfig.defaults(),
            id -> true);

    private static TargetStatus published(TargetState state, String reason, CatchUpCommand command) {
        return new TargetStatus(TargetStatus.SCHEMA_VERSION, "web3", URL, state, SINCE, reason, command);
    }

    @Test
    void readyStaysReadyWithAProbeDueAtOnce() {
        Transition t = machine.restore(published(READY, "catch-up web3-c4 (replay) ok", null), 4, NOW);
        assertFalse(t.changed());
        TargetHealth h = t.next();
        assertEquals(READY, h.state());
        assertEquals(SINCE, h.sinceMillis());
        assertEquals("catch-up web3-c4 (replay) ok", h.reason(), "the published reason is kept");
        assertEquals(URL, h.url());
        assertTrue(h.probeDue(NOW));
        assertFalse(h.fullSyncOwed());
        assertEquals(-1, h.outageStartMillis());
        assertEquals(4, h.commands());
    }

    @ParameterizedTest
    @EnumSource(value = TargetState.class, names = {"UNHEALTHY", "DEAD"})
    void downTargetsKeepTheirStateAndOweAFullSync(TargetState state) {
        Transition t = machine.restore(published(state, "3/5 probes failed: connection refused", null), 2, NOW);
        assertFalse(t.changed());
        TargetHealth h = t.next();
        assertEquals(state, h.state());
        assertEquals(SINCE, h.sinceMillis());
        assertEquals(SINCE, h.outageStartMillis(), "a lower bound: the table keeps only the latest state");
        assertTrue(h.fullSyncOwed(), "whether a full sync was owed went with the old keeper");
        assertTrue(h.probeDue(NOW));
        assertEquals(0, h.probes());
    }

    @Test
    void recoveryBecomesUnhealthyWithAFreshRoundAndNumbersAboveThePendingCommand() {
        CatchUpCommand pending = new CatchUpCommand("web3-c7", CatchUpMode.REPLAY, SINCE);
        Transition t = machine.restore(published(RECOVERY, "3/5 probes ok; catch-up web3-c7 (replay): ...", pending),
                3, NOW);
        assertTrue(t.changed(), "published: workers must drop the old command");
        TargetHealth h = t.next();
        assertEquals(UNHEALTHY, h.state());
        assertNull(h.pendingCommand());
        assertEquals(NOW, h.sinceMillis());
        assertEquals("the keeper restarted during catch-up web3-c7 (replay); a fresh probe round decides a new (full)"
                + " catch-up", h.reason());
        assertEquals(7, h.commands());
        assertTrue(h.probeDue(NOW));

        TargetHealth back = h;
        for (int i = 0; i < 3; i++) {
            back = machine.on(back, OK, NOW + i).next();
        }
        assertEquals(new CatchUpCommand("web3-c8", CatchUpMode.FULL, NOW + 2), back.pendingCommand(),
                "a fresh decision, never reusing web3-c7");
    }

    @Test
    void theHighestKnownNumberWinsOverThePendingOne() {
        CatchUpCommand pending = new CatchUpCommand("web3-c2", CatchUpMode.FULL, SINCE);
        assertEquals(9, machine.restore(published(RECOVERY, "x", pending), 9, NOW).next().commands());
    }

    @Test
    void aNewTargetNumbersAboveItsEarlierLife() {
        TargetHealth h = machine.added("web3", URL, 12, "added by operator bob", NOW);
        assertEquals(RECOVERY, h.state());
        assertEquals(new CatchUpCommand("web3-c13", CatchUpMode.FULL, NOW), h.pendingCommand());
        assertEquals("added by operator bob; catch-up web3-c13 (full): a new target gets a full sync before live sync",
                h.reason());
        assertTrue(h.fullSyncOwed());
        assertEquals(NOW, h.outageStartMillis());
    }

    @Test
    void statusCarriesThePendingCommandOnlyInRecovery() {
        TargetHealth h = machine.added("web3", URL, 0, "new target", NOW);
        TargetStatus s = h.status();
        assertEquals(new TargetStatus(TargetStatus.SCHEMA_VERSION, "web3", URL, RECOVERY, NOW, h.reason(),
                h.pendingCommand()), s);
        TargetHealth ready = machine.on(h, new CatchUpResult("web3-c1", true, ""), NOW + 1).next();
        assertNull(ready.status().command());
        assertEquals(READY, ready.status().state());
        assertEquals("rsync://other/www", ready.withUrl("rsync://other/www").status().url());
        assertEquals(ready.state(), ready.withUrl("rsync://other/www").state());
        assertEquals(DEAD, machine.restore(published(DEAD, "x", null), 0, NOW).next().status().state());
    }
}

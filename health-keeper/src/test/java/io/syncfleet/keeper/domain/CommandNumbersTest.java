package io.syncfleet.keeper.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.CatchUpMode;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandNumbersTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "web3, web3-c7, 7",
            "web3, web3-c12345, 12345",
            "web3, web30-c7, 0",
            "web3, web3-c, 0",
            "web3, web3-cx, 0",
            "web3, web3-c-1, 0",
            "web3, null, 0",
            "a.b, a.b-c2, 2"})
    void numberOfAnId(String target, String id, long expected) {
        assertEquals(expected, CommandNumbers.of(target, id));
    }

    @Test
    void highestInAReasonCountsOnlyThisTargetsIds() {
        assertEquals(4, CommandNumbers.highestIn("web3", "catch-up web3-c4 (replay) ok"));
        assertEquals(9, CommandNumbers.highestIn("web3", "catch-up web3-c9 (full); replaces web3-c8"));
        assertEquals(0, CommandNumbers.highestIn("web3", "catch-up xweb3-c4 and web30-c5 and web3-c6x"));
        assertEquals(0, CommandNumbers.highestIn("web3", "3/5 probes failed"));
        assertEquals(0, CommandNumbers.highestIn("web3", (String) null));
        assertEquals(3, CommandNumbers.highestIn("a.b", "a.b-c3 but not aXb-c9"));
    }

    @Test
    void highestInAStatusLooksAtThePendingCommandAndTheReason() {
        TargetStatus s = new TargetStatus(1, "web3", "rsync://h/www", TargetState.RECOVERY, 1,
                "... ; replaces web3-c5", new CatchUpCommand("web3-c6", CatchUpMode.REPLAY, 1));
        assertEquals(6, CommandNumbers.highestIn(s));
        TargetStatus ready = TargetStatus.of("web3", "rsync://h/www", TargetState.READY, 1, "catch-up web3-c11 (full) ok");
        assertEquals(11, CommandNumbers.highestIn(ready));
    }
}

package io.syncfleet.keeper.domain;

import io.syncfleet.common.event.CatchUpMode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.config.RecoveryConfig;
import io.syncfleet.common.config.RecoveryMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatchUpPolicyTest {

    private static final long NOW = 100_000_000;
    private static final long HOUR = 3_600_000;
    private static final String GONE = CatchUpPolicy.OFFSET_GONE;

    /** Outages (how long before NOW the target left ready) and their names in the table. */
    private static long start(String outage) {
        return switch (outage) {
            case "1s" -> NOW - 1_000;
            case "just under" -> NOW - HOUR + 1;
            case "equal" -> NOW - HOUR;
            case "2h" -> NOW - 2 * HOUR;
            case "unknown" -> -1;
            case "future" -> NOW + 5_000;
            default -> throw new IllegalArgumentException(outage);
        };
    }

    /** Every mode, both offset facts, every kind of outage: maxReplayAge is 1h. */
    static Stream<Arguments> table() {
        String replayOk = "recovery.mode is replay and the committed offset is still in the log";
        String replayGone = GONE + ", so it cannot be replayed";
        String full = "recovery.mode is full";
        List<Arguments> rows = new ArrayList<>();
        for (String outage : List.of("1s", "just under", "equal", "2h", "unknown", "future")) {
            rows.add(Arguments.of(RecoveryMode.FULL, true, outage, CatchUpMode.FULL, full));
            rows.add(Arguments.of(RecoveryMode.FULL, false, outage, CatchUpMode.FULL, full));
            rows.add(Arguments.of(RecoveryMode.REPLAY, true, outage, CatchUpMode.REPLAY, replayOk));
            rows.add(Arguments.of(RecoveryMode.REPLAY, false, outage, CatchUpMode.FULL, replayGone));
        }
        String inLog = " is shorter than recovery.maxReplayAge 1h and the committed offset is still in the log";
        String tooLong = " is not shorter than recovery.maxReplayAge 1h";
        rows.addAll(List.of(
                Arguments.of(RecoveryMode.AUTO, true, "1s", CatchUpMode.REPLAY, "outage 1s" + inLog),
                Arguments.of(RecoveryMode.AUTO, true, "just under", CatchUpMode.REPLAY, "outage 59m59s" + inLog),
                Arguments.of(RecoveryMode.AUTO, true, "equal", CatchUpMode.FULL, "outage 1h" + tooLong),
                Arguments.of(RecoveryMode.AUTO, true, "2h", CatchUpMode.FULL, "outage 2h" + tooLong),
                Arguments.of(RecoveryMode.AUTO, true, "unknown", CatchUpMode.FULL, "the outage start is unknown"),
                Arguments.of(RecoveryMode.AUTO, true, "future", CatchUpMode.REPLAY, "outage 0ms" + inLog),
                Arguments.of(RecoveryMode.AUTO, false, "1s", CatchUpMode.FULL, GONE),
                Arguments.of(RecoveryMode.AUTO, false, "just under", CatchUpMode.FULL, GONE),
                Arguments.of(RecoveryMode.AUTO, false, "equal", CatchUpMode.FULL, GONE + " and outage 1h" + tooLong),
                Arguments.of(RecoveryMode.AUTO, false, "2h", CatchUpMode.FULL, GONE + " and outage 2h" + tooLong),
                Arguments.of(RecoveryMode.AUTO, false, "unknown", CatchUpMode.FULL,
                        GONE + " and the outage start is unknown"),
                Arguments.of(RecoveryMode.AUTO, false, "future", CatchUpMode.FULL, GONE)));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}, offset in log {1}, outage {2} -> {3}")
    @MethodSource("table")
    void decides(RecoveryMode mode, boolean inLog, String outage, CatchUpMode expected, String reason) {
        RecoveryConfig config = new RecoveryConfig(mode, Duration.ofHours(1));
        assertEquals(new CatchUpDecision(expected, reason), CatchUpPolicy.decide(config, start(outage), NOW, inLog));
    }

    @Test
    void maxReplayAgeIsReadFromTheConfig() {
        RecoveryConfig config = new RecoveryConfig(RecoveryMode.AUTO, Duration.ofMinutes(5));
        assertEquals(CatchUpMode.REPLAY, CatchUpPolicy.decide(config, NOW - 299_999, NOW, true).mode());
        assertEquals(new CatchUpDecision(CatchUpMode.FULL, "outage 5m is not shorter than recovery.maxReplayAge 5m"),
                CatchUpPolicy.decide(config, NOW - 300_000, NOW, true));
    }

    @Test
    void elapsedTextIsShortAndRoundsDown() {
        assertEquals("0ms", Elapsed.text(-5));
        assertEquals("999ms", Elapsed.text(999));
        assertEquals("1s", Elapsed.text(1_999));
        assertEquals("59s", Elapsed.text(59_999));
        assertEquals("1m", Elapsed.text(60_000));
        assertEquals("2m05s", Elapsed.text(125_000));
        assertEquals("1h01m", Elapsed.text(HOUR + 61_000));
        assertEquals("23h59m", Elapsed.text(24 * HOUR - 1));
        assertEquals("1d", Elapsed.text(24 * HOUR));
        assertEquals("3d04h", Elapsed.text(76 * HOUR + 59_000));
    }
}

package io.syncfleet.keeper.domain.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.AlertStrategy;
import io.syncfleet.keeper.domain.alert.Alert.Kind;
import io.syncfleet.keeper.domain.alert.Alert.ReasonCount;
import io.syncfleet.keeper.domain.alert.Alert.TargetCount;
import io.syncfleet.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every edge of the error-rate monitor: windows, firing, cooldown, reminders, recovery, caps. */
class ErrorRateMonitorTest {

    private static final String DOWN = "target-down, rsync exit 10";
    private static final AlertStrategy TEN_IN_90S = new AlertStrategy(Duration.ofSeconds(90), 10);
    private static final AlertStrategy THREE_IN_300S = new AlertStrategy(Duration.ofSeconds(300), 3);

    private final ManualClock clock = new ManualClock(1_000_000);

    private ErrorRateMonitor monitor(Duration cooldown, AlertStrategy... strategies) {
        return new ErrorRateMonitor(List.of(strategies), cooldown, clock);
    }

    private Optional<AlertDecision> error(ErrorRateMonitor m, String target) {
        return m.record(new SyncError(clock.millis(), target, DOWN, "connection refused"));
    }

    /** Records n errors on one target, each 1 s after the last; returns the last decision. */
    private Optional<AlertDecision> errors(ErrorRateMonitor m, int n, String target) {
        Optional<AlertDecision> last = Optional.empty();
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            last = error(m, target);
        }
        return last;
    }

    @Test
    void belowEveryThresholdNothingFires() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(5), TEN_IN_90S);
        assertEquals(Optional.empty(), errors(m, 9, "web1"));
        assertFalse(m.high());
        assertEquals(9, m.counts().get(0).count());
    }

    @Test
    void reachingAThresholdFiresWithTargetsReasonsAndSummary() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(5), TEN_IN_90S);
        errors(m, 6, "web1");
        errors(m, 3, "web2");
        clock.advance(Duration.ofSeconds(1));
        AlertDecision d = m.record(new SyncError(clock.millis(), "web3", "partial, rsync exit 23", "file vanished"))
                .orElseThrow();
        assertTrue(d.send());
        Alert a = d.alert();
        assertEquals(Kind.FIRED, a.kind());
        assertEquals(clock.millis(), a.atMillis());
        assertEquals(clock.millis(), a.sinceMillis());
        assertEquals(10, a.errors());
        assertEquals(10, a.episodeErrors());
        assertEquals(List.of(new TargetCount("web1", 6), new TargetCount("web2", 3), new TargetCount("web3", 1)),
                a.targets());
        assertEquals(0, a.otherTargets());
        assertEquals(List.of(new ReasonCount(DOWN, 9, "connection refused"),
                new ReasonCount("partial, rsync exit 23", 1, "file vanished")), a.reasons());
        assertEquals("10 sync errors within 90s (alert at 10) on 3 targets (web1 6, web2 3, web3 1); top reason: "
                + DOWN + " (9)", a.summary());
        assertEquals("the rate became high; reached: 10 >= 10 within 90s", d.why());
        assertTrue(m.high());
    }

    @Test
    void errorsOlderThanTheWindowDoNotCount() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(5), TEN_IN_90S);
        error(m, "web1");
        clock.advance(Duration.ofSeconds(90)); // exactly one window later: the first error has left it
        assertEquals(Optional.empty(), errors(m, 9, "web1").filter(AlertDecision::send));
        assertEquals(9, m.counts().get(0).count());
        assertFalse(m.high());
        clock.advance(Duration.ofMillis(500));
        assertEquals(Kind.FIRED, error(m, "web1").orElseThrow().alert().kind());
    }

    @Test
    void anyStrategyFiresAndTheSummaryNamesTheShortestReached() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(5), TEN_IN_90S, THREE_IN_300S);
        errors(m, 2, "web1");
        clock.advance(Duration.ofSeconds(200));
        AlertDecision d = error(m, "web2").orElseThrow();
        assertEquals(Kind.FIRED, d.alert().kind());
        assertEquals(List.of(1, 3), d.alert().strategies().stream().map(Alert.StrategyCount::count).toList());
        assertEquals(List.of(false, true), d.alert().strategies().stream().map(Alert.StrategyCount::reached).toList());
        assertTrue(d.alert().summary().startsWith("3 sync errors within 5m (alert at 3) on 2 targets (web1 2, web2 1)"),
                d.alert().summary());
    }

    @Test
    void whileHighMoreErrorsSayNothingUntilTheCooldownThenARemindersGoesOut() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(2), new AlertStrategy(Duration.ofMinutes(10), 10));
        long fired = errors(m, 10, "web1").orElseThrow().alert().atMillis();
        assertEquals(Optional.empty(), errors(m, 20, "web1"));
        clock.set(fired + Duration.ofMinutes(2).toMillis() - 1);
        assertEquals(Optional.empty(), error(m, "web1"));
        clock.advance(Duration.ofMillis(1));
        AlertDecision d = m.check().orElseThrow();
        assertTrue(d.send());
        assertEquals(Kind.STILL_FIRING, d.alert().kind());
        assertEquals(fired, d.alert().sinceMillis());
        assertEquals(31, d.alert().episodeErrors());
        assertTrue(d.alert().summary().startsWith("still firing after 2m: "), d.alert().summary());
        assertTrue(d.why().startsWith("alerts.cooldown 2m has passed since the last alert; reached: "), d.why());
        assertEquals(Optional.empty(), m.check(), "the next reminder waits for another cooldown");
    }

    @Test
    void recoveryIsSentOnceEveryStrategyIsBelowItsThreshold() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(5), TEN_IN_90S, new AlertStrategy(Duration.ofSeconds(300), 12));
        long start = clock.millis();
        long fired = errors(m, 10, "web1").orElseThrow().alert().atMillis();
        assertEquals(start + 10_000, fired);
        errors(m, 2, "web1");
        clock.set(fired + 90_000);
        assertEquals(Optional.empty(), m.check(), "300s:12 is still reached");
        assertTrue(m.high());
        clock.set(start + 300_999);
        assertEquals(Optional.empty(), m.check(), "the first error is still within 300 s");
        clock.set(start + 301_000);
        AlertDecision d = m.check().orElseThrow();
        assertTrue(d.send());
        assertEquals(Kind.RECOVERED, d.alert().kind());
        assertEquals(11, d.alert().errors());
        assertEquals("recovered after 4m51s: 11 sync errors within 5m, below every threshold; 12 errors since it fired",
                d.alert().summary());
        assertEquals("every strategy is below its threshold", d.why());
        assertFalse(m.high());
        assertEquals(Optional.empty(), m.check());
    }

    @Test
    void aNewBurstWithinTheCooldownIsSuppressedAndSoIsItsRecovery() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(10), TEN_IN_90S);
        errors(m, 10, "web1");
        clock.advance(Duration.ofSeconds(90));
        assertEquals(Kind.RECOVERED, m.check().orElseThrow().alert().kind());
        AlertDecision burst = errors(m, 10, "web2").orElseThrow();
        assertFalse(burst.send());
        assertEquals(Kind.FIRED, burst.alert().kind());
        assertTrue(burst.why().startsWith("the last alert went out 1m40s ago, within alerts.cooldown 10m; a reminder"
                + " follows if the rate is still high in 8m20s"), burst.why());
        clock.advance(Duration.ofSeconds(90));
        AlertDecision end = m.check().orElseThrow();
        assertFalse(end.send());
        assertEquals(Kind.RECOVERED, end.alert().kind());
        assertEquals("its alert was suppressed, so is its recovery", end.why());
    }

    @Test
    void aSuppressedBurstThatLastsPastTheCooldownIsSentAsFiredWithTheSuppressedCount() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(3), TEN_IN_90S);
        long first = errors(m, 10, "web1").orElseThrow().alert().atMillis();
        clock.advance(Duration.ofSeconds(90));
        m.check().orElseThrow();
        assertFalse(errors(m, 10, "web1").orElseThrow().send());
        Optional<AlertDecision> d = Optional.empty();
        while (d.isEmpty()) {
            d = errors(m, 1, "web1");
        }
        assertTrue(d.get().send());
        assertEquals(Kind.FIRED, d.get().alert().kind());
        assertEquals(first + Duration.ofMinutes(3).toMillis(), d.get().alert().atMillis());
        assertEquals(1, d.get().alert().suppressed());
        assertTrue(d.get().why().contains("(this episode's start was suppressed)"), d.get().why());
        clock.advance(Duration.ofSeconds(90));
        AlertDecision end = m.check().orElseThrow();
        assertTrue(end.send(), "its fire went out, so does its recovery");
        assertEquals(Kind.RECOVERED, end.alert().kind());
    }

    @Test
    void aBurstAfterTheCooldownFiresAgain() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(2), TEN_IN_90S);
        errors(m, 10, "web1");
        clock.advance(Duration.ofSeconds(90));
        m.check().orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        AlertDecision d = errors(m, 10, "web1").orElseThrow();
        assertTrue(d.send());
        assertEquals(Kind.FIRED, d.alert().kind());
        assertEquals(0, d.alert().suppressed());
    }

    @Test
    void noStrategyNeverFires() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(1));
        assertEquals(Optional.empty(), errors(m, 1000, "web1"));
        assertFalse(m.high());
        assertEquals(List.of(), m.counts());
    }

    @Test
    void manyTargetsAreListedUpToTheCapAndReasonsUpToTheirs() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(5), new AlertStrategy(Duration.ofSeconds(60), 30));
        Optional<AlertDecision> d = Optional.empty();
        for (int i = 0; i < 30; i++) {
            d = m.record(new SyncError(clock.millis(), String.format("web%02d", i), "reason " + (i % 7), ""));
        }
        Alert a = d.orElseThrow().alert();
        assertEquals(ErrorRateMonitor.MAX_LISTED, a.targets().size());
        assertEquals(10, a.otherTargets());
        assertEquals("web00", a.targets().get(0).targetId());
        assertEquals(List.of("reason 0", "reason 1", "reason 2", "reason 3", "reason 4"),
                a.reasons().stream().map(ReasonCount::reason).toList());
        assertEquals(List.of(5, 5, 4, 4, 4), a.reasons().stream().map(ReasonCount::count).toList());
        assertTrue(a.summary().contains("on 30 targets (web00 1, web01 1, web02 1, web03 1, web04 1 and 25 more)"),
                a.summary());
    }

    @Test
    void aCapOnKeptErrorsKeepsFiringExact() {
        ErrorRateMonitor m = new ErrorRateMonitor(List.of(new AlertStrategy(Duration.ofSeconds(10), 5),
                new AlertStrategy(Duration.ofMinutes(10), 8)), Duration.ofMinutes(1), clock, 8);
        for (int i = 0; i < 5000; i++) {
            clock.advance(Duration.ofMillis(100));
            error(m, "web1");
        }
        assertEquals(List.of(8, 8), m.counts().stream().map(Alert.StrategyCount::count).toList());
        assertTrue(m.high());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(0, 8), m.counts().stream().map(Alert.StrategyCount::count).toList());
        assertTrue(m.high());
    }

    @Test
    void aClockSteppingBackDoesNotReorderTheWindow() {
        ErrorRateMonitor m = monitor(Duration.ofMinutes(5), TEN_IN_90S);
        errors(m, 5, "web1");
        clock.advance(Duration.ofMinutes(-10));
        errors(m, 4, "web1");
        assertEquals(9, m.counts().get(0).count());
        assertEquals(Kind.FIRED, errors(m, 1, "web1").orElseThrow().alert().kind());
    }
}

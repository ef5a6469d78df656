package io.syncfleet.worker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.DustbinConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.path.RelPath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DustbinPolicyTest {

    private static final long T0 = 1_000_000;

    private Instant now = Instant.ofEpochMilli(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final DustbinPolicy policy = new DustbinPolicy(new DustbinConfig(Duration.ofSeconds(10), 3), clock);

    private static PendingWork work(String... paths) {
        return PendingWork.of(List.of(ChangeBatch.of("b1", ChangeKind.CHANGE,
                java.util.Arrays.stream(paths).map(RelPath::of).toList(), 1, 2, "w")));
    }

    private DustbinEntry fresh() {
        return policy.open("e1", "web1", "rsync://h/www", work("ro/file", "ok/file"), List.of("ro/file"), 23,
                "mkstemp failed");
    }

    private void advance(Duration d) {
        now = now.plus(d);
    }

    @Test
    void aNewEntryHoldsOnlyTheFailedPathsAndWaitsOneInterval() {
        DustbinEntry e = fresh();
        assertEquals(List.of(RelPath.of("ro/file")), e.paths());
        assertEquals(List.of("b1"), e.batchIds());
        assertEquals(DustbinState.WAITING, e.state());
        assertEquals(0, e.attempts());
        assertEquals(T0 + 10_000, e.notBeforeMillis());
        assertFalse(policy.isDue(e));
        advance(Duration.ofMillis(9_999));
        assertFalse(policy.isDue(e));
        advance(Duration.ofMillis(1));
        assertTrue(policy.isDue(e));
    }

    @Test
    void failedPathsThatAreNoRelativePathsFallBackToTheWholeWork() {
        PendingWork w = PendingWork.of(List.of(
                ChangeBatch.of("b1", ChangeKind.CHANGE, List.of(RelPath.of("a"), RelPath.of("b")), 1, 2, "w"),
                ChangeBatch.of("b2", ChangeKind.RESCAN, List.of(RelPath.of("template")), 1, 2, "w")));
        DustbinEntry e = policy.open("e1", "web1", "rsync://h/www", w, List.of("/etc/elsewhere"), 23, "x");
        assertEquals(List.of(RelPath.of("a"), RelPath.of("b")), e.paths());
        assertEquals(List.of(RelPath.of("template")), e.rescanRoots());
        assertEquals(List.of("b1", "b2"), e.batchIds());
    }

    @Test
    void anOkRetryIsDone() {
        DustbinPolicy.Decision d = policy.afterRetry(fresh(), SyncOutcome.OK, List.of(), 0, "");
        assertTrue(d.done());
        assertEquals(1, d.entry().attempts());
        assertEquals(List.of("b1"), d.entry().batchIds());
    }

    @ParameterizedTest(name = "after failed attempt {0} wait {1}s")
    @CsvSource({"1, 20", "2, 40", "3, 80", "8, 2560", "9, 3600", "1000, 3600"})
    void backoffDoublesFromTheIntervalUpToAnHour(int attempts, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), policy.backoff(attempts));
    }

    @Test
    void failedRetriesBackOffThenParkAtMaxAttempts() {
        DustbinEntry e = fresh();
        advance(Duration.ofSeconds(10));
        DustbinPolicy.Decision first = policy.afterRetry(e, SyncOutcome.PARTIAL, List.of("ro/file"), 23, "again");
        assertEquals(DustbinState.WAITING, first.entry().state());
        assertEquals(1, first.entry().attempts());
        assertEquals(now.toEpochMilli() + 20_000, first.entry().notBeforeMillis());
        assertEquals("again", first.entry().lastError());

        advance(Duration.ofSeconds(20));
        DustbinPolicy.Decision second = policy.afterRetry(first.entry(), SyncOutcome.FATAL_CONFIG, List.of(), 5, "bad");
        assertEquals(2, second.entry().attempts());
        assertEquals(now.toEpochMilli() + 40_000, second.entry().notBeforeMillis());

        advance(Duration.ofSeconds(40));
        DustbinPolicy.Decision third = policy.afterRetry(second.entry(), SyncOutcome.PARTIAL, List.of(), 23, "still");
        assertTrue(third.parked());
        assertEquals(3, third.entry().attempts());
        assertFalse(policy.isDue(third.entry()));
        assertEquals(T0, third.entry().createdAtMillis());
        assertEquals(now.toEpochMilli(), third.entry().updatedAtMillis());
    }

    @Test
    void aRetryThatFindsTheTargetDownDoesNotCount() {
        DustbinPolicy.Decision d = policy.afterRetry(fresh(), SyncOutcome.TARGET_DOWN, List.of(), 10, "refused");
        assertFalse(d.counted());
        assertEquals(0, d.entry().attempts());
        assertEquals(DustbinState.WAITING, d.entry().state());
        assertEquals(T0 + 10_000, d.entry().notBeforeMillis());
    }

    @Test
    void anEntryWhoseTargetLeftTheFleetIsDroppedWithItsPathsAndAttemptsKept() {
        DustbinEntry e = policy.afterRetry(fresh(), SyncOutcome.PARTIAL, List.of(), 23, "x").entry();
        advance(Duration.ofSeconds(30));
        DustbinPolicy.Decision d = policy.targetGone(e, 10);
        assertTrue(d.dropped());
        assertFalse(d.counted());
        assertFalse(d.parked() || d.done());
        assertEquals(DustbinState.DROPPED, d.entry().state());
        assertEquals(e.attempts(), d.entry().attempts());
        assertEquals(e.paths(), d.entry().paths());
        assertEquals(10, d.entry().exitCode());
        assertEquals(DustbinPolicy.TARGET_GONE, d.entry().lastError());
        assertEquals(T0 + 30_000, d.entry().updatedAtMillis());
    }

    @Test
    void aPartialRetryKeepsOnlyThePathsThatFailedAgain() {
        DustbinEntry e = policy.open("e1", "web1", "rsync://h/www", work("a", "b", "c"), List.of(), 23, "x");
        assertEquals(3, e.paths().size());
        DustbinPolicy.Decision d = policy.afterRetry(e, SyncOutcome.PARTIAL, List.of("b", "elsewhere"), 23, "y");
        assertEquals(List.of(RelPath.of("b")), d.entry().paths());
    }

    @Test
    void aFailedPathBelowARootNarrowsTheRootToThatPath() {
        PendingWork w = PendingWork.of(List.of(ChangeBatch.of("b1", ChangeKind.RESCAN, List.of(RelPath.of("t")), 1, 2,
                "w")));
        DustbinEntry e = policy.open("e1", "web1", "rsync://h/www", w, List.of(), 23, "x");
        DustbinPolicy.Decision d = policy.afterRetry(e, SyncOutcome.PARTIAL, List.of("t/ro/f"), 23, "y");
        assertEquals(List.of(RelPath.of("t/ro/f")), d.entry().paths());
        assertEquals(List.of(), d.entry().rescanRoots());
    }

    @Test
    void operatorsRetryAndDrop() {
        DustbinEntry parked = fresh().withState(DustbinState.PARKED, 3, 0, T0);
        DustbinEntry again = policy.requeue(parked);
        assertEquals(DustbinState.WAITING, again.state());
        assertEquals(0, again.attempts());
        assertTrue(policy.isDue(again));
        assertEquals(DustbinState.DROPPED, policy.drop(parked).state());
        assertEquals("e1", policy.drop(parked).entryId());
    }
}

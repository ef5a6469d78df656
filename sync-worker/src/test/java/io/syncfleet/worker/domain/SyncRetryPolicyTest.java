package io.syncfleet.worker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.worker.domain.SyncRetryPolicy.Decision;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncRetryPolicyTest {

    private final SyncRetryPolicy policy = new SyncRetryPolicy();

    @Test
    void okCommits() {
        Decision d = policy.decide(SyncOutcome.OK, 1);
        assertTrue(d.commit());
        assertFalse(d.toDustbin());
    }

    @ParameterizedTest(name = "down {0} times -> retry in {1}s")
    @CsvSource({"1, 1", "2, 2", "3, 4", "4, 8", "5, 16", "6, 30", "7, 30", "1000, 30"})
    void targetDownKeepsOffsetsAndBacksOffFromOneToThirtySeconds(int attempts, long seconds) {
        Decision d = policy.decide(SyncOutcome.TARGET_DOWN, attempts);
        assertFalse(d.commit());
        assertEquals(Duration.ofSeconds(seconds), d.retryAfter());
    }

    @Test
    void partialCommitsAtOnceAndSendsTheFailedPathsToTheDustbin() {
        Decision d = policy.decide(SyncOutcome.PARTIAL, 1);
        assertTrue(d.commit());
        assertTrue(d.toDustbin());
        assertEquals(Duration.ZERO, d.retryAfter());
    }

    @Test
    void fatalConfigIsRetriedEveryThirtySecondsForever() {
        for (int attempt : new int[] {1, 2, 50}) {
            Decision d = policy.decide(SyncOutcome.FATAL_CONFIG, attempt);
            assertFalse(d.commit());
            assertEquals(Duration.ofSeconds(30), d.retryAfter());
        }
    }

    @Test
    void attemptsStartAtOne() {
        assertThrows(IllegalArgumentException.class, () -> policy.decide(SyncOutcome.OK, 0));
    }
}

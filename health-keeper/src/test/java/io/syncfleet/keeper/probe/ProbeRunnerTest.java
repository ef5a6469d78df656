package io.syncfleet.keeper.probe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.keeper.domain.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeRunnerTest {

    private static final TargetUrl HUNG = TargetUrl.parse("rsync://hung/www");
    private static final TargetUrl LIVE = TargetUrl.parse("rsync://live/www");
    private static final Duration LONG = Duration.ofMinutes(5);

    /** The hung host's probe blocks until released; every other host answers at once. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Probe fake = target -> {
        calls.computeIfAbsent(target.host(), h -> new AtomicInteger()).incrementAndGet();
        if (target.host().equals("hung")) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ProbeResult.failed("interrupted");
            }
            return ProbeResult.ok("hung host answered at last");
        }
        if (target.host().equals("broken")) {
            throw new IllegalStateException("bug");
        }
        return ProbeResult.ok("answered " + target.host());
    };

    private ProbeRunner runner;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void aHungHostDoesNotDelayTheOthers() {
        runner = new ProbeRunner(fake, 4, LONG);
        CompletableFuture<ProbeResult> hung = runner.probe("hung", HUNG);
        List<CompletableFuture<ProbeResult>> others = List.of(runner.probe("a", TargetUrl.parse("rsync://a/www")),
                runner.probe("b", TargetUrl.parse("rsync://b/www")), runner.probe("live", LIVE));
        await().until(() -> others.stream().allMatch(CompletableFuture::isDone));
        assertFalse(hung.isDone(), "the hung probe is still running");
        assertEquals(ProbeResult.ok("answered live"), others.get(2).join());
        release.countDown();
        assertEquals(ProbeResult.ok("hung host answered at last"), hung.join());
    }

    @Test
    void oneProbePerTargetAtATime() {
        runner = new ProbeRunner(fake, 4, LONG);
        CompletableFuture<ProbeResult> first = runner.probe("hung", HUNG);
        await().until(() -> calls.containsKey("hung"));
        assertSame(first, runner.probe("hung", HUNG), "asking again joins the running probe");
        release.countDown();
        first.join();
        await().until(() -> runner.probe("hung", HUNG) != first);
        await().until(() -> calls.get("hung").get() == 2);
    }

    @Test
    void aProbeThatOutlivesTheResultTimeoutFailsAndIsNotStartedTwice() {
        runner = new ProbeRunner(fake, 2, Duration.ofMillis(50));
        assertEquals(ProbeResult.failed("no probe result within 50ms"), runner.probe("hung", HUNG).join());
        assertEquals(ProbeResult.failed("previous probe still running after 50ms"), runner.probe("hung", HUNG).join());
        assertEquals(1, calls.get("hung").get());
        release.countDown();
        await().until(() -> runner.probe("hung", HUNG).join().ok());
        assertTrue(calls.get("hung").get() >= 2);
    }

    @Test
    void aProbeThatThrowsIsAFailedProbe() {
        runner = new ProbeRunner(fake, 1, LONG);
        ProbeResult r = runner.probe("broken", TargetUrl.parse("rsync://broken/www")).join();
        assertEquals(ProbeResult.failed("probe error: java.lang.IllegalStateException: bug"), r);
        assertEquals(ProbeResult.ok("answered live"), runner.probe("live", LIVE).join(), "its thread is still usable");
    }

    @Test
    void closeFailsWhatIsPendingAndWhatComesAfter() {
        runner = new ProbeRunner(fake, 1, LONG);
        CompletableFuture<ProbeResult> hung = runner.probe("hung", HUNG);
        await().until(() -> calls.containsKey("hung"));
        runner.close();
        assertFalse(hung.join().ok());
        assertEquals(ProbeResult.failed("probe runner is closed"), runner.probe("live", LIVE).join());
    }
}

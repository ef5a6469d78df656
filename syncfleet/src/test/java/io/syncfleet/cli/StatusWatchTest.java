package io.syncfleet.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.app.TargetView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusWatchTest {

    private static final TargetView WEB1 = new TargetView("web1", "rsync://h/www", "ready", 0, "", 0, 0, 0, null);

    @Test
    void redrawsTheTableEachFrameAfterClearingTheScreen() throws Exception {
        StringWriter out = new StringWriter();
        AtomicInteger reads = new AtomicInteger();
        int frames = new StatusWatch().run(() -> {
            reads.incrementAndGet();
            return List.of(WEB1);
        }, new PrintWriter(out), Duration.ofMillis(100), "syncfleet status", 3);
        assertEquals(3, frames);
        assertEquals(3, reads.get());
        String[] screens = out.toString().split(java.util.regex.Pattern.quote(StatusWatch.CLEAR), -1);
        assertEquals(4, screens.length, out.toString());
        assertTrue(screens[3].contains("TARGET") && screens[3].contains("web1") && screens[3].contains("Ctrl-C"),
                screens[3]);
    }

    @Test
    void aFailedReadIsShownAndTheLoopGoesOnUntilStopped() {
        StatusWatch loop = new StatusWatch();
        StringWriter out = new StringWriter();
        PrintWriter pw = new PrintWriter(out);
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> {
            try {
                return loop.run(() -> {
                    if (reads.incrementAndGet() == 1) {
                        throw new IllegalStateException("broker gone");
                    }
                    return List.of(WEB1);
                }, pw, Duration.ofMillis(100), "h", 0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 3);
        loop.stop();
        int frames = running.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        assertTrue(frames >= 3, "frames " + frames);
        synchronized (out) {
            assertTrue(out.toString().contains("cannot read the fleet status: broker gone (retrying)"), out.toString());
        }
    }

    @Test
    void jsonAndWatchTogetherIsAOneLineError(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("syncfleet.yml");
        java.nio.file.Files.writeString(f, "source: {baseDir: " + dir + "}\n");
        CliTest.Result r = CliTest.run("status", "--config", f.toString(), "--watch", "--json");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--watch draws a table"), r.err());
        CliTest.Result bad = CliTest.run("status", "--config", f.toString(), "--watch", "--interval", "fast");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--interval 'fast'"), bad.err());
    }
}

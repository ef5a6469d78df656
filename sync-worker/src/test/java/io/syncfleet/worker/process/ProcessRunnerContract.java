package io.syncfleet.worker.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link ProcessRunner} does, with real processes through /bin/sh. */
abstract class ProcessRunnerContract {

    @TempDir
    Path dir;

    /** The runner under test. */
    abstract ProcessRunner runner();

    ProcessResult sh(String script, byte[] stdin, Duration timeout) {
        return runner().run(List.of("/bin/sh", "-c", script), dir, stdin, timeout);
    }

    @Test
    void feedsStdinAndCapturesBothOutputsAndTheExitCode() {
        byte[] in = {'a', 0, (byte) 0xff, '\n'};
        ProcessResult r = sh("od -An -tx1 | tr -s ' '; echo oops >&2; exit 7", in, Duration.ofSeconds(30));

        assertEquals(7, r.exitCode());
        assertEquals(" 61 00 ff 0a\n", r.stdout());
        assertEquals("oops\n", r.stderr());
    }

    @Test
    void runsInTheGivenDirectoryWithLcAllC() {
        ProcessResult r = sh("pwd; echo $LC_ALL", new byte[0], Duration.ofSeconds(30));
        assertEquals(dir.toAbsolutePath() + "\nC\n", r.stdout());
    }

    @Test
    void aLargeStdinAndOutputCannotDeadlockAndOnlyTheTailIsKept() {
        byte[] in = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(in, (byte) 'x');
        ProcessResult r = sh("cat; echo END", in, Duration.ofSeconds(60));

        assertEquals(0, r.exitCode());
        assertEquals(LocalProcessRunner.TAIL_BYTES, r.stdout().getBytes(StandardCharsets.UTF_8).length);
        assertTrue(r.stdout().endsWith("xxxxEND\n"), () -> r.stdout().substring(r.stdout().length() - 20));
    }

    @Test
    void aProgramThatIgnoresItsInputStillEnds() {
        ProcessResult r = sh("exit 3", new byte[1024 * 1024], Duration.ofSeconds(30));
        assertEquals(3, r.exitCode());
    }

    @Test
    void aMissingBinaryIsMinusOneWithTheReason() {
        ProcessResult r = runner().run(List.of("/nonexistent/rsync", "--version"), dir, new byte[0],
                Duration.ofSeconds(5));
        assertEquals(-1, r.exitCode());
        assertTrue(r.stderr().contains("cannot start [/nonexistent/rsync]"), r.stderr());
    }

    @Test
    void aMissingWorkingDirectoryIsMinusOneAndSaysSo() {
        ProcessResult r = runner().run(List.of("/bin/true"), dir.resolve("gone"), new byte[0], Duration.ofSeconds(5));
        assertEquals(-1, r.exitCode());
        assertTrue(r.stderr().contains("working directory"), r.stderr());
    }

    @Test
    void aHungProgramIsKilledAtTheHardTimeout() {
        ProcessResult r = sh("exec sleep 600", new byte[0], Duration.ofMillis(300));
        assertEquals(137, r.exitCode(), "SIGKILL");
        assertTrue(r.stderr().contains("killed [/bin/sh] after the hard timeout"), r.stderr());
    }

    @Test
    void anInterruptedCallerKillsTheProgramAndKeepsItsInterruptFlag() throws Exception {
        ProcessResult[] result = new ProcessResult[1];
        boolean[] flag = new boolean[1];
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            result[0] = runner().run(List.of("/bin/sh", "-c", "echo started; exec sleep 600"), dir, new byte[0],
                    Duration.ofMinutes(5), lines::add);
            flag[0] = Thread.currentThread().isInterrupted();
        });
        t.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> lines.contains("started") && t.getState() == Thread.State.TIMED_WAITING);
        t.interrupt();
        t.join(10_000);

        assertEquals(137, result[0].exitCode());
        assertTrue(result[0].stderr().contains("shutting down"), result[0].stderr());
        assertTrue(flag[0]);
    }

    /** rsync's progress must not wait for the end: a line reaches the consumer while the program runs. */
    @Test
    void aLineArrivesBeforeTheProgramEnds() {
        Path go = dir.resolve("go");
        // prints a progress-like line, then waits until the consumer answers by creating the file "go"
        String script = "printf '  10  1%% 1.00kB/s 0:00:09\\r'; while [ ! -e go ]; do sleep 0.02; done; echo done";
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessResult r = runner().run(List.of("/bin/sh", "-c", script), dir, new byte[0], Duration.ofSeconds(60),
                line -> {
                    lines.add(line);
                    touch(go);
                });
        assertEquals(0, r.exitCode(), "the program waited for the consumer, which never saw its line: " + r);
        assertEquals(List.of("  10  1% 1.00kB/s 0:00:09", "done"), lines);
        assertEquals("  10  1% 1.00kB/s 0:00:09\rdone\n", r.stdout());
    }

    private static void touch(Path p) {
        try {
            if (!Files.exists(p)) {
                Files.createFile(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

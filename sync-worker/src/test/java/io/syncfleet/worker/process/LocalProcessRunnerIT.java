package io.syncfleet.worker.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes through /bin/sh. */
class LocalProcessRunnerIT {

    private final LocalProcessRunner runner = new LocalProcessRunner();

    @TempDir
    Path dir;

    private ProcessResult sh(String script, byte[] stdin, Duration timeout) {
        return runner.run(List.of("/bin/sh", "-c", script), dir, stdin, timeout);
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
        ProcessResult r = runner.run(List.of("/nonexistent/rsync", "--version"), dir, new byte[0],
                Duration.ofSeconds(5));
        assertEquals(-1, r.exitCode());
        assertTrue(r.stderr().contains("cannot start [/nonexistent/rsync]"), r.stderr());
    }

    @Test
    void aMissingWorkingDirectoryIsMinusOneAndSaysSo() {
        ProcessResult r = runner.run(List.of("/bin/true"), dir.resolve("gone"), new byte[0], Duration.ofSeconds(5));
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
        Thread t = new Thread(() -> {
            result[0] = sh("exec sleep 600", new byte[0], Duration.ofMinutes(5));
            flag[0] = Thread.currentThread().isInterrupted();
        });
        t.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> t.getState() == Thread.State.TIMED_WAITING);
        t.interrupt();
        t.join(10_000);

        assertEquals(137, result[0].exitCode());
        assertTrue(result[0].stderr().contains("shutting down"), result[0].stderr());
        assertTrue(flag[0]);
    }
}

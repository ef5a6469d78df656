package io.syncfleet.keeper.probe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.keeper.domain.ProbeResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real processes: exit codes, output, deadlines; and the ssh probe with the real ssh client. */
class LocalProcessRunnerIT {

    private final LocalProcessRunner runner = new LocalProcessRunner();

    @Test
    void exitCodeAndBothOutputStreams() throws Exception {
        ProcessRunner.Result r = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofMinutes(1));
        assertEquals(new ProcessRunner.Result(3, false, "out\nerr\n"), r);
    }

    @Test
    void stdinIsEmpty() throws Exception {
        assertEquals("0\n", runner.run(List.of("sh", "-c", "wc -c"), Duration.ofMinutes(1)).output().strip() + "\n");
    }

    @Test
    void commandPastItsDeadlineIsKilledWithItsChildren() throws Exception {
        ProcessRunner.Result r = runner.run(List.of("sh", "-c", "sleep 600 & echo $!; wait"), Duration.ofMillis(500));
        assertTrue(r.timedOut());
        assertEquals(-1, r.exitCode());
        long child = Long.parseLong(r.output().strip());
        await().until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void chattyCommandDoesNotBlockAndItsOutputIsCapped() throws Exception {
        ProcessRunner.Result r = runner.run(List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x; exit 0"),
                Duration.ofMinutes(1));
        assertFalse(r.timedOut());
        assertEquals(0, r.exitCode());
        assertEquals(LocalProcessRunner.MAX_OUTPUT, r.output().length());
    }

    @Test
    void missingProgramCannotStart() {
        assertThrows(IOException.class, () -> runner.run(List.of("/nonexistent/ssh"), Duration.ofSeconds(5)));
    }

    /** Nothing listens on the ssh port of an unused loopback address, or BatchMode refuses to log in: exit 255. */
    @Test
    void sshProbeOfAnUnreachableHostFails() {
        SshProbe ssh = new SshProbe(Duration.ofSeconds(2), runner);
        ProbeResult r = ssh.probe(TargetUrl.parse("nobody@127.0.0.9:/srv"));
        assertFalse(r.ok());
        assertTrue(r.detail().startsWith("ssh exit 255: "), r.detail());
    }
}

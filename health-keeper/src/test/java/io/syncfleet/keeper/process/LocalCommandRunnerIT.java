package io.syncfleet.keeper.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes: output kept apart and bounded, stdin empty, environment passed, deadline kills the command and
 * its children.
 */
class LocalCommandRunnerIT {

    private final CommandRunner runner = new LocalCommandRunner(16, 64);

    @TempDir
    Path dir;

    @Test
    void stdoutAndStderrAreKeptApartWithTheExitCode() throws Exception {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "echo out; echo first >&2; echo last >&2; exit 3"),
                Map.of(), Duration.ofSeconds(10));
        assertEquals(new CommandResult(3, false, "out\n", "first\nlast\n"), r);
        assertFalse(r.ok());
        assertEquals("last", r.lastErrorLine());
    }

    @Test
    void environmentIsAddedToTheKeepersOwn() throws Exception {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "printf '%s %s' \"$SYNCFLEET_TARGET\" \"${PATH:+path}\""),
                Map.of("SYNCFLEET_TARGET", "web3"), Duration.ofSeconds(10));
        assertTrue(r.ok());
        assertEquals("web3 path", r.stdout());
    }

    @Test
    void stdinIsEmpty() throws Exception {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "wc -c"), Map.of(), Duration.ofSeconds(10));
        assertTrue(r.ok(), r.toString());
        assertEquals("0", r.stdout().strip());
    }

    @Test
    void inputIsWrittenToStdinAndClosed() throws Exception {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "wc -c"), Map.of(),
                "{\"kind\":\"fired\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(10));
        assertTrue(r.ok(), r.toString());
        assertEquals("16", r.stdout().strip());
    }

    @Test
    void aCommandThatIgnoresALargeInputStillEndsWithItsOwnExitCode() throws Exception {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "exit 4"), Map.of(), new byte[1 << 20],
                Duration.ofSeconds(10));
        assertEquals(4, r.exitCode());
        assertFalse(r.timedOut());
    }

    @Test
    void stdinKeepsNulSeparatedPaths() throws Exception {
        byte[] in = "a b\0c\nd\0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "tr '\\0' '|'"), Map.of(), in, Duration.ofSeconds(10));
        assertEquals(0, r.exitCode());
        assertEquals("a b|c\nd|", r.stdout());
    }

    @Test
    void outputIsBoundedButFullyRead() throws Exception {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x; echo done >&2"),
                Map.of(), Duration.ofSeconds(10));
        assertTrue(r.ok(), r.toString());
        assertEquals("x".repeat(16), r.stdout());
        assertEquals("done\n", r.stderr());
    }

    @Test
    void deadlineKillsTheCommandAndItsChildren() throws Exception {
        Path pid = dir.resolve("child.pid");
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "sleep 60 & echo $! > '" + pid + "'; wait"), Map.of(),
                Duration.ofMillis(300));
        assertTrue(r.timedOut());
        assertEquals(-1, r.exitCode());
        long child = Long.parseLong(Files.readString(pid).strip());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child is gone too");
    }

    @Test
    void aMissingProgramCannotStart() {
        assertThrows(IOException.class, () -> runner.run(List.of(dir.resolve("nope").toString()), Map.of(),
                Duration.ofSeconds(1)));
    }
}

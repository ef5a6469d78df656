package io.syncfleet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One watcher per watch.stateDir: in one JVM, and against a second real {@code syncfleet run} process. */
class RunLockIT {

    @TempDir
    Path tmp;

    @Test
    void aSecondLockOnTheSameStateDirNamesTheHolder() {
        Path state = tmp.resolve("state");
        try (RunLock first = RunLock.acquire(state)) {
            UserError e = assertThrows(UserError.class, () -> RunLock.acquire(state));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(Files.exists(state.resolve(RunLock.FILE_NAME)));
            try (RunLock other = RunLock.acquire(tmp.resolve("other-state"))) {
                assertTrue(other != null, "another state dir is free");
            }
        }
        RunLock.acquire(state).close(); // released: free again
    }

    record Exit(int code, String err) {
    }

    /** {@code syncfleet run} as a real second process (its logging setup stays out of this JVM). */
    private static Exit run(Path config, String roles) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "--config", config.toString(), "--roles", roles).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run should stop by itself");
        return new Exit(p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aSecondRunProcessExitsNamingThePid() throws Exception {
        Files.createDirectories(tmp.resolve("src"));
        Path config = Files.writeString(tmp.resolve("syncfleet.yml"), "source: {baseDir: ./src}\n"
                + "watch: {stateDir: ./watch-state}\nlog: {dir: ./logs}\nstatus: {listen: \"127.0.0.1:0\"}\n"
                + "kafka: {bootstrap: \"127.0.0.1:1\"}\n");
        try (RunLock held = RunLock.acquire(tmp.resolve("watch-state"))) {
            Exit second = run(config, "all");
            assertEquals(2, second.code(), second.err());
            assertTrue(second.err().contains("pid " + ProcessHandle.current().pid()), second.err());
            assertTrue(second.err().contains("watch.stateDir " + tmp.resolve("watch-state")), second.err());
            assertFalse(second.err().contains("\tat "), "no stack trace: " + second.err());
        }
    }

    @Test
    void onlyTheWatcherRoleTakesTheLock() throws Exception {
        Path config = Files.writeString(tmp.resolve("syncfleet.yml"), "source: {baseDir: ./missing}\n"
                + "watch: {stateDir: ./watch-state}\nlog: {dir: ./logs}\n");
        try (RunLock held = RunLock.acquire(tmp.resolve("watch-state"))) {
            Exit worker = run(config, "worker");
            assertEquals(2, worker.code(), worker.err());
            assertTrue(worker.err().contains("source.baseDir") && !worker.err().contains("watch.stateDir"),
                    "a worker-only run gets past the lock and stops at the missing baseDir: " + worker.err());
        }
    }
}

package io.syncfleet.worker.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ProcessRunnerContract} for the runner that starts programs in a {@link Launcher} process (one launcher
 * for the contract's tests), and what only it does: where the programs run, a lost launcher, closing it.
 */
class LauncherProcessRunnerIT extends ProcessRunnerContract {

    private static LauncherProcessRunner shared;

    @BeforeAll
    static void startLauncher() {
        shared = LauncherProcessRunner.start();
    }

    @AfterAll
    static void stopLauncher() {
        shared.close();
    }

    @Override
    ProcessRunner runner() {
        return shared;
    }

    /** The parent of a program: its pid and command line. */
    private ProcessResult parentOf(ProcessRunner r, String then) {
        return r.run(List.of("/bin/sh", "-c", "echo $PPID; tr '\\0' ' ' < /proc/$PPID/cmdline; echo; " + then), dir,
                new byte[0], Duration.ofSeconds(60));
    }

    @Test
    void programsAreStartedByTheLauncherProcessNotByThisJvm() {
        ProcessResult r = parentOf(shared, "true");

        String[] lines = r.stdout().split("\n");
        assertNotEquals(String.valueOf(ProcessHandle.current().pid()), lines[0]);
        assertTrue(lines[1].contains(Launcher.class.getName()), lines[1]);
    }

    @Test
    void theJvmsOwnWarningsDoNotMixWithTheFrames() {
        List<String> command = new ArrayList<>(LauncherProcessRunner.javaCommand());
        command.add(1, "-XX:+UseLargePages"); // no large pages here: unified logging warns, on stdout by default
        try (LauncherProcessRunner runner = new LauncherProcessRunner(command)) {
            ProcessResult r = parentOf(runner, "echo ok");

            assertTrue(r.stdout().split("\n")[1].contains(Launcher.class.getName()), r.stdout());
            assertTrue(r.stdout().endsWith("ok\n"), r.stdout());
        }
    }

    @Test
    void aProgramOfALauncherThatDiesRunsAgainDirectlyAndLaterProgramsToo() throws Exception {
        try (LauncherProcessRunner runner = LauncherProcessRunner.start()) {
            Path parents = dir.resolve("parents");
            CompletableFuture<ProcessResult> first = CompletableFuture.supplyAsync(() -> runner.run(
                    List.of("/bin/sh", "-c", "echo $$ > orphan; echo $PPID >> parents; [ -e again ] || exec sleep 600;"
                            + " echo done"), dir, new byte[0], Duration.ofMinutes(5)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(parents));
            long launcher = Long.parseLong(Files.readString(parents).trim());
            Files.createFile(dir.resolve("again"));
            ProcessHandle.of(launcher).orElseThrow().destroyForcibly();

            ProcessResult r = first.get();
            // a launcher killed by a signal cannot kill its programs: the first run's sleep is an orphan now
            ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("orphan")).trim()))
                    .ifPresent(ProcessHandle::destroyForcibly);

            assertEquals(0, r.exitCode(), r.toString());
            assertEquals("done\n", r.stdout());
            List<String> ran = Files.readAllLines(parents);
            assertEquals(List.of(String.valueOf(launcher), String.valueOf(ProcessHandle.current().pid())), ran);
            String next = parentOf(runner, "true").stdout().split("\n")[0];
            assertEquals(String.valueOf(ProcessHandle.current().pid()), next, "within a minute: directly");
        }
    }

    @Test
    void closingTheRunnerKillsWhatRunsInTheLauncherAndEndsIt() throws Exception {
        LauncherProcessRunner runner = LauncherProcessRunner.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<ProcessResult> running = CompletableFuture.supplyAsync(() -> runner.run(
                List.of("/bin/sh", "-c", "echo $$ $PPID; exec sleep 600"), dir, new byte[0], Duration.ofMinutes(5),
                lines::add));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !lines.isEmpty());
        String[] pids = lines.get(0).split(" ");
        ProcessHandle program = ProcessHandle.of(Long.parseLong(pids[0])).orElseThrow();
        ProcessHandle launcher = ProcessHandle.of(Long.parseLong(pids[1])).orElseThrow();

        runner.close();

        ProcessResult r = running.get();
        assertEquals(137, r.exitCode(), r.toString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !program.isAlive() && !launcher.isAlive());
        assertFalse(program.isAlive());
    }
}

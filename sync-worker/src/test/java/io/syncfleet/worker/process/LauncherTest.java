package io.syncfleet.worker.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The launcher's side of the frames, with scripted runners instead of processes. */
class LauncherTest {

    /**
     * Serves {@code requests}, keeps the launcher's input open until it has answered {@code answers} frames
     * (its input ending means the worker is gone, and kills what still runs), and returns them.
     */
    private static List<LauncherFrames.Frame> serve(ProcessRunner runner, int answers, LauncherFrames.Frame... requests)
            throws Exception {
        PipedOutputStream in = new PipedOutputStream();
        PipedInputStream launcherIn = new PipedInputStream(in, 1 << 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream launcherOut = new DataOutputStream(out);
        Thread launcher = new Thread(() -> {
            try {
                new Launcher(runner, launcherOut).serve(new DataInputStream(launcherIn));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        launcher.start();
        DataOutputStream req = new DataOutputStream(in);
        for (LauncherFrames.Frame f : requests) {
            LauncherFrames.write(req, f);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> frames(launcherOut, out).size() >= answers);
        in.close();
        launcher.join(30_000);
        return frames(launcherOut, out);
    }

    private static List<LauncherFrames.Frame> frames(DataOutputStream lock, ByteArrayOutputStream out)
            throws IOException {
        byte[] bytes;
        synchronized (lock) { // the launcher writes each frame whole under this lock
            bytes = out.toByteArray();
        }
        DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes));
        List<LauncherFrames.Frame> frames = new ArrayList<>();
        LauncherFrames.Frame f;
        while ((f = LauncherFrames.read(data)) != null) {
            frames.add(f);
        }
        return frames;
    }

    private static LauncherFrames.Run run(int id) {
        return new LauncherFrames.Run(id, List.of("rsync", "-a"), "/", new byte[0], 60_000);
    }

    @Test
    void theProgramsStdoutLinesComeBeforeItsExit() throws Exception {
        ProcessResult done = new ProcessResult(0, "a\rb\n", "", 5);

        List<LauncherFrames.Frame> frames = serve((argv, cwd, stdin, timeout) -> done, 3, run(3));

        assertEquals(List.of(new LauncherFrames.Line(3, "a"), new LauncherFrames.Line(3, "b"),
                new LauncherFrames.Exit(3, done)), frames);
    }

    @Test
    void aRunnerThatThrowsStillGetsItsRunAnswered() throws Exception {
        List<LauncherFrames.Frame> frames = serve((argv, cwd, stdin, timeout) -> {
            throw new IllegalStateException("boom");
        }, 2, run(1), run(2));

        assertEquals(2, frames.size(), frames::toString);
        for (LauncherFrames.Frame f : frames) {
            ProcessResult r = ((LauncherFrames.Exit) f).result();
            assertEquals(-1, r.exitCode());
            assertTrue(r.stderr().contains("cannot start [rsync] in the launcher") && r.stderr().contains("boom"),
                    r.stderr());
        }
    }

    @Test
    void anUnreadableRequestEndsTheLauncherWithoutAnAnswer() throws IOException, InterruptedException {
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        new Launcher((argv, cwd, stdin, timeout) -> new ProcessResult(0, "", "", 0), new DataOutputStream(answers))
                .serve(new DataInputStream(new ByteArrayInputStream(new byte[] {'Z', 0, 0, 0, 1})));

        assertEquals(0, answers.size());
    }
}

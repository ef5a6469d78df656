package io.syncfleet.keeper.probe;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on this machine. Output is drained by a daemon thread while the command runs (so a
 * chatty command never blocks on a full pipe) and its first {@value #MAX_OUTPUT} bytes are kept.
 */
public final class LocalProcessRunner implements ProcessRunner {

    static final int MAX_OUTPUT = 8192;
    private static final File NO_INPUT = new File("/dev/null");

    @Override
    public Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .start();
        Drain drain = new Drain(process.getInputStream());
        Thread reader = new Thread(drain, "probe-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (!finished) {
            kill(process);
        }
        reader.join(TimeUnit.SECONDS.toMillis(1)); // the pipe closes with the process; a grandchild could hold it
        return new Result(finished ? process.exitValue() : -1, !finished, drain.text());
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** Reads a stream to its end, keeping the first {@link #MAX_OUTPUT} bytes. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            try (in) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    synchronized (kept) {
                        kept.write(buf, 0, Math.min(n, Math.max(0, MAX_OUTPUT - kept.size())));
                    }
                }
            } catch (IOException e) {
                // the process is gone and its pipe with it: what was read is all there is
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}

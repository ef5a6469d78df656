package io.syncfleet.keeper.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs commands on this machine (the ssh probe, the {@code targets.command} script, state-change hooks):
 * argv without a shell (the config turns a string into {@code /bin/sh -c}), stdin empty or given, extra
 * environment variables on top of the keeper's, and a deadline after which the command and its children
 * are killed. Standard output and error are drained by their own daemon threads while it runs (a chatty
 * command never blocks on a full pipe) and kept up to a limit each.
 */
public final class LocalCommandRunner implements CommandRunner {

    private static final File NO_INPUT = new File("/dev/null");

    private final int maxStdout;
    private final int maxStderr;

    /**
     * @param maxStdout bytes of standard output kept; the rest is read and dropped
     * @param maxStderr bytes of standard error kept
     */
    public LocalCommandRunner(int maxStdout, int maxStderr) {
        this.maxStdout = maxStdout;
        this.maxStderr = maxStderr;
    }

    @Override
    public CommandResult run(List<String> argv, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        return run(argv, env, null, timeout);
    }

    /** As {@link #run(List, Map, Duration)}; {@code stdin} is written by its own daemon thread, then closed. */
    @Override
    public CommandResult run(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (stdin == null || stdin.length == 0) {
            builder.redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        if (stdin != null && stdin.length > 0) {
            feed(process, stdin);
        }
        Drain out = Drain.start(process.getInputStream(), maxStdout, "command-stdout-" + process.pid());
        Drain err = Drain.start(process.getErrorStream(), maxStderr, "command-stderr-" + process.pid());
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
        out.join();
        err.join();
        return new CommandResult(finished ? process.exitValue() : -1, !finished, out.text(), err.text());
    }

    /** Writes the input and closes the pipe; a command that exits without reading it all is fine. */
    private static void feed(Process process, byte[] stdin) {
        Thread t = new Thread(() -> {
            try (var in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the command closed its stdin early (or exited): what it read is what it wanted
            }
        }, "command-stdin-" + process.pid());
        t.setDaemon(true);
        t.start();
    }

    /** SIGKILL to the command and every process it started; waits (a few seconds at most) until they are gone. */
    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process.toHandle());
        family.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle h : family) {
            try {
                h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // gone in the meantime, or not reaped yet: it was killed, nothing more to do
            }
        }
    }

    /** Reads a stream to its end on its own thread, keeping the first {@code limit} bytes. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private Thread thread;

        private Drain(InputStream in, int limit) {
            this.in = in;
            this.limit = limit;
        }

        static Drain start(InputStream in, int limit, String name) {
            Drain d = new Drain(in, limit);
            d.thread = new Thread(d, name);
            d.thread.setDaemon(true);
            d.thread.start();
            return d;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    synchronized (kept) {
                        kept.write(buf, 0, Math.min(n, Math.max(0, limit - kept.size())));
                    }
                }
            } catch (IOException e) {
                // the process is gone and its pipe with it: what was read is all there is
            }
        }

        /** Waits a moment for the end of the stream; a grandchild that keeps the pipe open is not waited for. */
        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}

package io.syncfleet.worker.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs programs as local processes.
 *
 * <p>stdin is written on its own thread while stdout and stderr are drained concurrently, so a program
 * that writes a lot before reading its input cannot deadlock. Only the last {@link #TAIL_BYTES} of each
 * output are kept. A program still running after the hard timeout, or when the calling thread is
 * interrupted, is killed (SIGKILL).
 *
 * <p>Programs run with {@code LC_ALL=C}: rsync's messages are then English (the classifier reads them) and
 * non-ASCII bytes of file names are printed escaped. File names themselves are bytes and are not affected.
 */
public final class LocalProcessRunner implements ProcessRunner {

    public static final int TAIL_BYTES = 64 * 1024;

    /** How long to wait for the output pipes to drain after exit; a grandchild (ssh) may hold them open. */
    private static final long DRAIN_MILLIS = 2_000;

    private static final ExecutorService IO = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "process-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    @Override
    public ProcessResult run(List<String> argv, Path cwd, byte[] stdin, Duration hardTimeout) {
        return run(argv, cwd, stdin, hardTimeout, line -> { });
    }

    @Override
    public ProcessResult run(List<String> argv, Path cwd, byte[] stdin, Duration hardTimeout,
                             Consumer<String> stdoutLines) {
        long start = System.nanoTime();
        if (!Files.isDirectory(cwd)) {
            return new ProcessResult(-1, "", "working directory [" + cwd + "] does not exist or is not a directory",
                    elapsed(start));
        }
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        pb.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new ProcessResult(-1, "", "cannot start [" + argv.get(0) + "]: " + e.getMessage(), elapsed(start));
        }
        Future<?> writer = IO.submit(() -> feed(process.getOutputStream(), stdin));
        Future<byte[]> out = IO.submit(() -> tail(process.getInputStream(), new OutputLines(stdoutLines)));
        Future<byte[]> err = IO.submit(() -> tail(process.getErrorStream(), null));
        String note = "";
        boolean interrupted = false;
        try {
            if (!process.waitFor(hardTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                note = "\nsyncfleet: killed [" + argv.get(0) + "] after the hard timeout of " + hardTimeout.toSeconds()
                        + "s\n";
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
            note = "\nsyncfleet: killed [" + argv.get(0) + "]: the worker is shutting down\n";
        }
        int exit;
        while (true) {
            try {
                exit = process.waitFor(); // already exited or killed: returns at once
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        writer.cancel(true);
        String stdout = drain(out, process);
        String stderr = drain(err, process) + note;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new ProcessResult(exit, stdout, stderr, elapsed(start));
    }

    private static Void feed(OutputStream stdin, byte[] bytes) {
        try (OutputStream o = stdin) {
            if (bytes.length > 0) {
                o.write(bytes);
            }
        } catch (IOException e) {
            // the program exited or closed its input early; its exit code tells what happened
        }
        return null;
    }

    /** The last {@link #TAIL_BYTES} of {@code in}; every byte also goes to {@code lines} when not null. */
    private static byte[] tail(InputStream in, OutputLines lines) throws IOException {
        byte[] ring = new byte[TAIL_BYTES];
        long total = 0;
        byte[] buf = new byte[8192];
        try (InputStream i = in) {
            int n;
            while ((n = i.read(buf)) > 0) {
                if (lines != null) {
                    lines.write(buf, n);
                }
                for (int k = 0; k < n; k++) {
                    ring[(int) ((total + k) % TAIL_BYTES)] = buf[k];
                }
                total += n;
            }
        }
        if (lines != null) {
            lines.flush();
        }
        if (total <= TAIL_BYTES) {
            return Arrays.copyOf(ring, (int) total);
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream(TAIL_BYTES);
        int from = (int) (total % TAIL_BYTES);
        o.write(ring, from, TAIL_BYTES - from);
        o.write(ring, 0, from);
        return o.toByteArray();
    }

    private static String drain(Future<byte[]> f, Process process) {
        try {
            return new String(f.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            f.cancel(true);
            closeQuietly(process);
            return "(output still open after exit: a child process holds it)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException e) {
            return "(cannot read output: " + e.getCause().getMessage() + ")";
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getInputStream().close();
            process.getErrorStream().close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}

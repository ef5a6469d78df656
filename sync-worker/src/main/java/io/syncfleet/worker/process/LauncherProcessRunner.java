package io.syncfleet.worker.process;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the worker's programs through a {@link Launcher} process (a small JVM started once), which has few
 * file descriptors to close in each new child; see {@link Launcher} for why. Same contract as
 * {@link LocalProcessRunner}, which it falls back to: when the launcher cannot be started or dies, programs
 * run directly in this JVM for {@link #RETRY_AFTER} before it is started again, and a program that was
 * running in a launcher that died is run again directly (an rsync push can be repeated; one that was
 * still running in the lost launcher may overlap the new one, and rsync's write-then-rename keeps each file
 * whole). When this JVM dies, the launcher's stdin ends and it kills its programs.
 */
public final class LauncherProcessRunner implements ProcessRunner, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LauncherProcessRunner.class);
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);
    /** How long a killed program's launcher gets to report it before the caller stops waiting. */
    private static final long KILL_WAIT_MILLIS = 10_000;
    /** Beyond the hard timeout, which the launcher enforces: a launcher that says nothing by then is hung. */
    private static final long SILENCE_MARGIN_MILLIS = 60_000;

    private final List<String> command;
    private final ProcessRunner direct = new LocalProcessRunner();
    private final Map<Integer, Call> calls = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Object lock = new Object();
    private Instance current; // guarded by lock
    private long downUntilNanos; // guarded by lock
    private boolean closed; // guarded by lock

    /** One launcher process and the stream of its stdin, where the runs are sent. */
    private record Instance(Process process, DataOutputStream out) {
    }

    /** A program running in a launcher; the result is null when that launcher was lost. */
    private record Call(Instance in, Consumer<String> lines, CompletableFuture<ProcessResult> result) {
    }

    /** @param command the launcher's command line ({@link #javaCommand()} for this JVM's java and class path) */
    public LauncherProcessRunner(List<String> command) {
        this.command = List.copyOf(command);
    }

    /**
     * A runner whose launcher runs on this JVM's java with its class path, a small heap and the same process
     * launch mechanism. Starts the launcher now, so that it has booted by the first sync.
     */
    public static LauncherProcessRunner start() {
        LauncherProcessRunner r = new LauncherProcessRunner(javaCommand());
        r.instance();
        return r;
    }

    /**
     * The launcher's stdout carries its frames, so the JVM's own output goes to stderr (logged here): its
     * warnings, and unified logging, which writes warnings to stdout by default (e.g. {@code -XX:+UseLargePages}
     * in {@code JAVA_TOOL_OPTIONS} without large pages).
     */
    static final List<String> VM_OUTPUT_TO_STDERR = List.of("-XX:+DisplayVMOutputToStderr", "-Xlog:disable",
            "-Xlog:all=warning:stderr");

    static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx128m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData"));
        cmd.addAll(VM_OUTPUT_TO_STDERR);
        String mechanism = System.getProperty("jdk.lang.Process.launchMechanism");
        if (mechanism != null) {
            cmd.add("-Djdk.lang.Process.launchMechanism=" + mechanism);
        }
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            classPath.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, classPath));
        cmd.add(Launcher.class.getName());
        return cmd;
    }

    @Override
    public ProcessResult run(List<String> argv, Path cwd, byte[] stdin, Duration hardTimeout) {
        return run(argv, cwd, stdin, hardTimeout, line -> { });
    }

    @Override
    public ProcessResult run(List<String> argv, Path cwd, byte[] stdin, Duration hardTimeout,
                             Consumer<String> stdoutLines) {
        Instance in = instance();
        if (in == null) {
            return direct.run(argv, cwd, stdin, hardTimeout, stdoutLines);
        }
        int id = ids.incrementAndGet();
        Call call = new Call(in, stdoutLines, new CompletableFuture<>());
        calls.put(id, call);
        ProcessResult r;
        try {
            LauncherFrames.write(in.out(), new LauncherFrames.Run(id, argv, cwd.toAbsolutePath().toString(), stdin,
                    hardTimeout.toMillis()));
            r = await(id, call, hardTimeout);
        } catch (IOException e) {
            lost(in, "cannot be sent a program: " + e.getMessage());
            r = null;
        } finally {
            calls.remove(id);
        }
        if (r == null && !Thread.currentThread().isInterrupted() && !closed()) {
            return direct.run(argv, cwd, stdin, hardTimeout, stdoutLines);
        }
        return r != null ? r : new ProcessResult(-1, "", "syncfleet: [" + argv.get(0) + "] killed with the launcher"
                + " process: the worker is shutting down", 0);
    }

    /** The program's result; null when its launcher was lost. Keeps the caller's interrupt, after a kill. */
    private ProcessResult await(int id, Call call, Duration hardTimeout) throws IOException {
        long limit = hardTimeout.toMillis() + SILENCE_MARGIN_MILLIS;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return call.result().get(limit, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    if (interrupted) {
                        continue;
                    }
                    interrupted = true;
                    LauncherFrames.write(call.in().out(), new LauncherFrames.Kill(id));
                    limit = KILL_WAIT_MILLIS;
                } catch (TimeoutException e) {
                    lost(call.in(), "said nothing about a program " + limit + " ms into its run");
                    return null;
                } catch (ExecutionException e) {
                    return null; // not completed exceptionally; kept for the compiler
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean closed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** The running launcher, started when there is none; null while it is down or this runner is closed. */
    private Instance instance() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (current != null) {
                return current;
            }
            if (downUntilNanos != 0 && System.nanoTime() - downUntilNanos < 0) {
                return null;
            }
            try {
                current = launch();
            } catch (IOException e) {
                LOG.warn("cannot start the rsync launcher process ({}): running rsync directly in this JVM, trying"
                        + " again in {} s", e.getMessage(), RETRY_AFTER.toSeconds());
                downUntilNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            }
            return current;
        }
    }

    private Instance launch() throws IOException {
        Process p = new ProcessBuilder(command).start();
        Instance in = new Instance(p, new DataOutputStream(new BufferedOutputStream(p.getOutputStream(), 1 << 16)));
        Thread reader = new Thread(() -> read(in), "rsync-launcher-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(() -> logErrors(p), "rsync-launcher-stderr-" + p.pid());
        errors.setDaemon(true);
        errors.start();
        LOG.debug("rsync launcher process [{}] started", p.pid());
        return in;
    }

    private void read(Instance in) {
        String why = "ended";
        try (DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in.process().getInputStream(),
                1 << 16))) {
            LauncherFrames.Frame f;
            while ((f = LauncherFrames.read(data)) != null) {
                Call c = calls.get(f.id());
                if (c == null) {
                    continue;
                }
                if (f instanceof LauncherFrames.Line l) {
                    try {
                        c.lines().accept(l.line());
                    } catch (RuntimeException e) {
                        LOG.debug("stdout line consumer failed: {}", e.toString());
                    }
                } else if (f instanceof LauncherFrames.Exit x) {
                    c.result().complete(x.result());
                }
            }
        } catch (IOException e) {
            why = "sent an unreadable answer (" + e.getMessage() + ")";
        }
        lost(in, why);
    }

    private static void logErrors(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                LOG.warn("rsync launcher process [{}]: {}", p.pid(), line);
            }
        } catch (IOException e) {
            // it ended
        }
    }

    /** Forgets {@code in}: its process is killed and its programs' callers run them directly. */
    private void lost(Instance in, String why) {
        boolean quiet;
        synchronized (lock) {
            if (current == in) {
                current = null;
                downUntilNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            }
            quiet = closed;
        }
        in.process().destroyForcibly();
        int running = 0;
        for (Call c : calls.values()) {
            if (c.in() == in && c.result().complete(null)) {
                running++;
            }
        }
        if (!quiet) {
            LOG.warn("rsync launcher process [{}] {}: its {} running programs run again directly in this JVM, as"
                    + " does every program for the next {} s; then a new launcher is started", in.process().pid(), why,
                    running, RETRY_AFTER.toSeconds());
        }
    }

    /** Ends the launcher: it kills what still runs and exits. */
    @Override
    public void close() {
        Instance in;
        synchronized (lock) {
            closed = true;
            in = current;
            current = null;
        }
        if (in == null) {
            return;
        }
        try {
            in.out().close();
        } catch (IOException e) {
            // it is gone already
        }
        try {
            if (!in.process().waitFor(15, TimeUnit.SECONDS)) {
                LOG.warn("rsync launcher process [{}] still running 15 s after it was told to stop: killed",
                        in.process().pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lost(in, "stopped");
    }
}

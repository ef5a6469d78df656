package io.syncfleet.worker.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The rsync launcher: a small JVM of its own that starts the worker's programs for it, so that they are not
 * started from the worker's JVM. Java 17 closes every inherited file descriptor in a new child, one
 * {@code close()} each, before it execs; the worker's JVM holds hundreds (Kafka connections of every target's
 * consumer, and with the embedded broker its sockets and log segments: 609 with 50 targets), which cost
 * about 4 us each here: 2.4 ms of CPU per rsync started. This process holds a few dozen.
 *
 * <p>Reads {@link LauncherFrames} on stdin and answers on stdout ({@link LauncherProcessRunner} is the other
 * side). Each program runs through a {@link LocalProcessRunner} on its own thread, with its stdout lines
 * sent back as they come. When stdin ends (the worker closed it, or died) every running program is
 * killed and the launcher exits.
 */
public final class Launcher {

    private final ProcessRunner runner;
    private final DataOutputStream out;
    private final Map<Integer, Call> calls = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "launch");
        t.setDaemon(true);
        return t;
    });

    /** A program's run; its fields change under its own lock, so a kill never reaches a later run's thread. */
    private static final class Call {
        Thread thread;
        boolean killed;
    }

    Launcher(ProcessRunner runner, DataOutputStream out) {
        this.runner = runner;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out),
                1 << 16));
        System.setOut(System.err); // stdout carries the frames: anything printed goes to stderr, which is logged
        new Launcher(new LocalProcessRunner(), out).serve(in);
        System.exit(0);
    }

    /** Serves frames until {@code in} ends, then kills what still runs. */
    void serve(DataInputStream in) throws InterruptedException {
        try {
            LauncherFrames.Frame f;
            while ((f = LauncherFrames.read(in)) != null) {
                if (f instanceof LauncherFrames.Run r) {
                    start(r);
                } else if (f instanceof LauncherFrames.Kill k) {
                    kill(k.id());
                }
            }
        } catch (IOException e) {
            System.err.println("cannot read the worker's request (" + e.getMessage() + "); killing its programs");
        }
        calls.keySet().forEach(this::kill);
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void start(LauncherFrames.Run r) {
        Call call = new Call();
        calls.put(r.id(), call);
        pool.execute(() -> {
            boolean killed;
            synchronized (call) {
                call.thread = Thread.currentThread();
                killed = call.killed;
            }
            ProcessResult result;
            try {
                if (killed) {
                    result = new ProcessResult(-1, "", "syncfleet: [" + r.argv().get(0) + "] not started: the worker is"
                            + " shutting down", 0);
                } else {
                    result = runner.run(r.argv(), Path.of(r.cwd()), r.stdin(), Duration.ofMillis(r.hardTimeoutMillis()),
                            line -> send(new LauncherFrames.Line(r.id(), line)));
                }
            } catch (RuntimeException e) {
                // the worker waits for an answer to every run
                result = new ProcessResult(-1, "", "cannot start [" + r.argv().get(0) + "] in the launcher: " + e, 0);
            } finally {
                calls.remove(r.id());
                synchronized (call) {
                    call.thread = null;
                }
                Thread.interrupted(); // a kill that came after the program ended must not reach the next run
            }
            send(new LauncherFrames.Exit(r.id(), result));
        });
    }

    private void kill(int id) {
        Call call = calls.get(id);
        if (call != null) {
            synchronized (call) {
                call.killed = true;
                if (call.thread != null) {
                    call.thread.interrupt(); // the runner kills the program and returns
                }
            }
        }
    }

    private void send(LauncherFrames.Frame f) {
        try {
            LauncherFrames.write(out, f);
        } catch (IOException e) {
            // the worker is gone: stdin ends too, and serve() kills what runs
        }
    }
}

package io.syncfleet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** Plain rsync, run by hand: the floor of a one-file push, a full {@code rsync -a --delete}, and a loop of those. */
final class BareRsync {

    private BareRsync() {
    }

    /** The floor's rsync command line for one file (relative to cwd); the destination is appended. */
    static List<String> pushArgv(String rel) {
        return List.of("rsync", "-aR", "--sockopts=TCP_NODELAY", rel);
    }

    /**
     * The floor: one file to every destination, {@code parallelism} rsyncs at a time, launched by
     * {@code xargs -P} (a fork from C per rsync, as lsyncd does; a JVM pays about 2 ms more per process
     * launch, which is syncfleet's cost, not the floor's).
     */
    static void pushAll(Path cwd, String rel, List<String> destinations, int parallelism) throws Exception {
        List<String> argv = new ArrayList<>(List.of("xargs", "-0", "-n", "1", "-P", String.valueOf(parallelism)));
        argv.addAll(pushArgv(rel));
        Process p = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            for (String d : destinations) {
                in.write((d + "/").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                in.write(0);
            }
        }
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IOException("xargs rsync exit " + exit + " for " + rel);
        }
    }

    /** The full sync's command line: the directory {@code rel} (relative to cwd) becomes dest/rel, --delete. */
    static List<String> fullArgv(String rel, String destination) {
        return List.of("rsync", "-a", "--delete", "--sockopts=TCP_NODELAY", rel + "/", destination + "/" + rel + "/");
    }

    /** Runs {@code argv} in {@code cwd}; throws on a non-zero exit. */
    static void run(Path cwd, List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        if (exit != 0 && exit != 24) {
            throw new IOException("exit " + exit + ": " + String.join(" ", argv));
        }
    }

    /** Runs every command, at most {@code parallelism} at once, and returns when all exited. */
    static void runAll(Path cwd, List<List<String>> argvs, int parallelism) throws Exception {
        if (parallelism >= argvs.size()) {
            List<Process> ps = new ArrayList<>();
            for (List<String> argv : argvs) {
                ps.add(new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (int i = 0; i < ps.size(); i++) {
                int exit = ps.get(i).waitFor();
                if (exit != 0) {
                    throw new IOException("exit " + exit + ": " + String.join(" ", argvs.get(i)));
                }
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> new Thread(r, "bench-rsync"));
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (List<String> argv : argvs) {
                fs.add(pool.submit(() -> {
                    run(cwd, argv);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A cron-style loop per destination: {@code rsync -a --delete} of {@code rel} again and again until
     * {@link #stop()}. Each destination has its own thread, as a user's loop per target would.
     */
    static final class Loop implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private volatile Exception failure;

        Loop(Path cwd, String rel, List<String> destinations) {
            for (String d : destinations) {
                Thread t = new Thread(() -> {
                    try {
                        while (running.get()) {
                            run(cwd, fullArgv(rel, d));
                        }
                    } catch (Exception e) {
                        failure = e;
                    }
                }, "bench-loop");
                threads.add(t);
                t.start();
            }
        }

        Exception failure() {
            return failure;
        }

        /** Lets each loop finish its current rsync and stop. */
        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}

package io.syncfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What rsync itself costs here, measured two ways by pushing changed small files the way syncfleet
 * pushes them: the CPU time (client plus the daemon's receiving children) of one push to one target,
 * and the wall time of pushing the same changes to every target at once, one rsync per target. The
 * CPU figure gives the most changes per second that any tool running one rsync per target could push if
 * rsync were all that ran; the wall figure also pays for what the CPU figure leaves out (loopback
 * softirq, writeback, the contention of concurrent pushes), so the lower of the two is the capacity.
 */
final class Capacity {

    private static final int REPEATS = 3;

    /**
     * @param cpuMillisPerFile CPU per changed file per target, one push to one target
     * @param files changed files per push
     * @param wallMillisAll wall time of pushing {@code files} changes to all {@code targets} at once
     */
    record Result(double cpuMillisPerFile, int files, double wallMillisAll, int targets) {

        /** Changes per second to every target that would keep every core busy with rsync alone. */
        double cpuRate() {
            return Runtime.getRuntime().availableProcessors() / (cpuMillisPerFile / 1000 * targets);
        }

        /** Changes per second to every target that concurrent pushes achieved. */
        double wallRate() {
            return files / (wallMillisAll / 1000);
        }

        double maxRate() {
            return Math.min(cpuRate(), wallRate());
        }
    }

    private Capacity() {
    }

    /**
     * Medians of {@value #REPEATS} pushes each of {@code files} changed files of {@code site}: to target 0
     * alone (CPU), then to all targets of {@code daemons} at once (wall time).
     */
    static Result measure(Path site, RsyncDaemons daemons, int files, int tree) throws Exception {
        int targets = daemons.size();
        double[] perFile = new double[REPEATS];
        double[] wall = new double[REPEATS];
        for (int rep = 0; rep < REPEATS; rep++) {
            byte[] list = change(site, files, tree, rep, "capacity");
            long before = childrenTicks("self") + childrenTicks(String.valueOf(daemons.pid(0)));
            await(push(site, daemons.url(0, "www"), list));
            Thread.sleep(300); // the daemon reaps its child
            long after = childrenTicks("self") + childrenTicks(String.valueOf(daemons.pid(0)));
            perFile[rep] = (after - before) * 10.0 / files; // 100 ticks per second

            byte[] all = change(site, files, tree, rep + REPEATS, "capacity-all");
            long t0 = System.nanoTime();
            List<Process> pushes = new ArrayList<>();
            for (int i = 0; i < targets; i++) {
                pushes.add(push(site, daemons.url(i, "www"), all));
            }
            for (Process p : pushes) {
                await(p);
            }
            wall[rep] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(perFile);
        Arrays.sort(wall);
        return new Result(perFile[REPEATS / 2], files, wall[REPEATS / 2], targets);
    }

    /** Rewrites {@code files} files of the tree (stride 7919, offset by {@code rep}); their NUL-separated list. */
    private static byte[] change(Path site, int files, int tree, int rep, String tag) throws IOException {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < files; i++) {
            int n = (int) (((long) i * 7919 + rep * 13L) % tree);
            Path f = Trees.file(site, n);
            Trees.write(f, Trees.content(n, tag + rep));
            list.append(site.getParent().relativize(f)).append('\0');
        }
        return list.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Process push(Path site, String url, byte[] list) throws IOException {
        List<String> argv = List.of("rsync", "-aRI", "--from0", "--files-from=-", "--ignore-missing-args", "--force",
                "--sockopts=TCP_NODELAY", "--timeout=10", "--contimeout=10", ".", url);
        Process p = new ProcessBuilder(argv).directory(site.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write(list);
        }
        return p;
    }

    private static void await(Process p) throws Exception {
        if (p.waitFor() != 0) {
            throw new IOException("capacity push failed: exit " + p.exitValue());
        }
    }

    /** cutime + cstime of a process: the CPU of its reaped children, in clock ticks (1/100 s). */
    private static long childrenTicks(String pid) throws IOException {
        long[] t = CpuSplit.ticks(pid);
        return t[2] + t[3];
    }
}

package io.syncfleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What rsync itself costs here: the CPU time (client plus the daemon's receiving children) of pushing
 * changed small files to one target, the way syncfleet pushes them. From it follows the most changes
 * per second that any tool running one rsync per target can push to N targets on this machine.
 */
final class Capacity {

    /** CPU seconds per file per target, and the rate that would keep every core busy. */
    record Result(double cpuMillisPerFile, int files) {
        double maxRate(int targets) {
            return Runtime.getRuntime().availableProcessors() / (cpuMillisPerFile / 1000 * targets);
        }
    }

    private Capacity() {
    }

    /** Pushes {@code files} changed files of {@code site} to target 0, three times; the median CPU per file. */
    static Result measure(Path site, RsyncDaemons daemons, int files, int tree) throws Exception {
        double[] perFile = new double[3];
        for (int rep = 0; rep < perFile.length; rep++) {
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < files; i++) {
                int n = (int) (((long) i * 7919 + rep * 13L) % tree);
                Path f = Trees.file(site, n);
                Trees.write(f, Trees.content(n, "capacity" + rep));
                list.append(site.getParent().relativize(f)).append('\0');
            }
            long before = childrenTicks("self") + childrenTicks(String.valueOf(daemons.pid(0)));
            List<String> argv = new ArrayList<>(List.of("rsync", "-aRI", "--from0", "--files-from=-",
                    "--delete-missing-args", "--force", "--sockopts=TCP_NODELAY", "--timeout=10", "--contimeout=10",
                    ".", daemons.url(0, "www")));
            Process p = new ProcessBuilder(argv).directory(site.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (var in = p.getOutputStream()) {
                in.write(list.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (p.waitFor() != 0) {
                throw new IOException("capacity push failed: exit " + p.exitValue());
            }
            Thread.sleep(300); // the daemon reaps its child
            long after = childrenTicks("self") + childrenTicks(String.valueOf(daemons.pid(0)));
            perFile[rep] = (after - before) * 10.0 / files; // 100 ticks per second
        }
        Arrays.sort(perFile);
        return new Result(perFile[1], files);
    }

    /** cutime + cstime of a process: the CPU of its reaped children, in clock ticks (1/100 s). */
    private static long childrenTicks(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }
}

package io.syncfleet.bench;

import io.syncfleet.common.event.TargetState;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * sustained: 2,000 file changes per second for 60 s (rewrites spread over a 100k-file tree) to 10 targets;
 * lag over time. Every 250 ms the writer also creates a marker file; a marker's lag is the time from its
 * write until the last target has it. After the load, the time until every target holds the last
 * second's changes and every marker is the drain time. syncfleet runs at that rate and at half of what
 * the machine carries (measured first, {@link Capacity}), one after the other on the same tree and targets;
 * lsyncd delay=0 runs last with {@code BENCH_EXTRAS}.
 */
final class SustainedScenario {

    static final int TREE = 100_000;
    static final int TARGETS = 10;
    static final int RATE = 2_000;
    static final long MARKER_MILLIS = 250;
    static final int WINDOW_SECONDS = 10;

    private final Bench.Context ctx;
    private final int seconds;

    SustainedScenario(Bench.Context ctx, int seconds) {
        this.ctx = ctx;
        this.seconds = seconds;
    }

    /** A marker: written at {@code written}, complete on every target at {@code arrived} (0 while not). */
    private static final class Marker {
        final File[] copies;
        final long size;
        final long written;
        volatile long arrived;

        Marker(File[] copies, long size, long written) {
            this.copies = copies;
            this.size = size;
            this.written = written;
        }
    }

    /** What one tool's run gave. */
    record Result(String name, List<double[]> markers, double drainMillis, boolean drainCapped, double rate,
                  int asked, CpuSplit.Shares cpu, Pushes pushes) {

        /** The same result with syncfleet's rsync runs (null for a peer). */
        Result with(Pushes p) {
            return new Result(name, markers, drainMillis, drainCapped, rate, asked, cpu, p);
        }
    }

    void run() throws Exception {
        Path work = ctx.work();
        Report report = new Report("sustained", String.format("%,d file changes per second for %d s to %d targets",
                RATE, seconds, TARGETS), "bench/run.sh sustained");
        List<Result> results = new ArrayList<>();
        String[] yaml = {""};
        Capacity.Result capacity;
        try (RsyncDaemons daemons = RsyncDaemons.start(work.resolve("targets"), TARGETS, List.of("www"))) {
            Path site = Trees.makeSite(work, TREE, daemons.roots("www"));
            List<String> urls = new ArrayList<>();
            List<LsyncdPeer.Sync> syncs = new ArrayList<>();
            for (int i = 0; i < TARGETS; i++) {
                urls.add(daemons.url(i, "www"));
                syncs.add(new LsyncdPeer.Sync(site, daemons.url(i, "www") + "/site"));
            }
            capacity = Capacity.measure(site, daemons, RATE, TREE);
            int sustainable = Math.max(100, (int) Math.min(RATE, capacity.maxRate() / 2) / 50 * 50);
            sustainable = Bench.intEnv("BENCH_SUSTAINED_RATE", sustainable);
            Bench.log("sustained: rsync costs %.3f ms CPU per file per target here (at most %.0f changes/s to %d"
                    + " targets on %d cores); %,d changes pushed to all %d at once took %.0f ms (%.0f changes/s)",
                    capacity.cpuMillisPerFile(), capacity.cpuRate(), TARGETS,
                    Runtime.getRuntime().availableProcessors(), capacity.files(), TARGETS, capacity.wallMillisAll(),
                    capacity.wallRate());
            String atRate = "syncfleet (default config)";
            String atHalf = "syncfleet (default config) at " + sustainable + " changes/s";
            int tag = 0;
            // lsyncd (an extra) last: it falls far behind, and bringing the targets back afterwards takes minutes
            for (String name : Bench.only(Bench.withExtras(List.of(atRate, atHalf), List.of("lsyncd delay=0")),
                    n -> n)) {
                int rate = name.equals(atHalf) ? sustainable : RATE;
                boolean sf = name.startsWith("syncfleet");
                if (!sf) {
                    // syncfleet needs no converge first: each run starts with new targets, whose initial full
                    // sync (awaited below) brings them back to the source
                    BurstScenario.converge(daemons, site);
                }
                Bench.log("sustained: %s, %d changes/s", name, rate);
                AutoCloseable tool;
                SyncfleetPeer peer = null;
                if (sf) {
                    SyncfleetPeer p = SyncfleetPeer.start(work.resolve("syncfleet-" + tag), site.getParent(), List.of("site"),
                            urls, "");
                    for (int i = 0; i < TARGETS; i++) {
                        p.awaitState("t" + i, s -> s == TargetState.READY, 300_000);
                    }
                    p.awaitSettled(300_000);
                    yaml[0] = p.yaml();
                    tool = p;
                    peer = p;
                } else {
                    tool = LsyncdPeer.start(work.resolve("lsyncd"), syncs, 0, 300_000);
                }
                long pid = peer == null ? 0 : peer.pid();
                try (AutoCloseable running = tool; Profiler prof = sf ? Profiler.start("sustained", "syncfleet", pid)
                        : Profiler.none()) {
                    Thread.sleep(1000);
                    long loadStart = System.currentTimeMillis();
                    Result x = load(name, site, daemons, "s" + (++tag) + "-", !sf, rate, pid);
                    results.add(peer == null ? x : x.with(Pushes.of(peer.reports(), loadStart)));
                }
            }
        }
        write(report, results, yaml[0], capacity);
        report.write(ctx.result("sustained"));
    }

    private Result load(String name, Path site, RsyncDaemons daemons, String tag, boolean capped, int rate,
                        long syncfleetPid) throws Exception {
        List<Marker> markers = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        for (Path r : daemons.roots("www")) {
            roots.add(r.resolve("site"));
        }
        Thread poller = new Thread(() -> pollMarkers(markers), "bench-lag");
        poller.setDaemon(true);
        long total = (long) rate * seconds;
        CpuSplit.Snapshot cpuAtStart = CpuSplit.take(daemons, syncfleetPid);
        long t0 = System.nanoTime();
        long nextMarker = t0;
        int markerNo = 0;
        poller.start();
        List<String> lastRels = new ArrayList<>();
        List<byte[]> lastContents = new ArrayList<>();
        long stop = t0 + seconds * 1_000_000_000L;
        long written = 0;
        for (long i = 0; i < total; i++) {
            long due = t0 + i * 1_000_000_000L / rate;
            long now = System.nanoTime();
            if (due > now) {
                LockSupport.parkNanos(due - now);
            } else if (now >= stop) {
                break; // the writer could not keep the rate: the load still lasts the given time
            }
            written++;
            int n = (int) ((i * 7919) % TREE);
            byte[] c = Trees.content(n, tag + i);
            Path f = Trees.file(site, n);
            Trees.write(f, c);
            lastRels.add(site.relativize(f).toString());
            lastContents.add(c);
            if (lastRels.size() > rate) {
                lastRels.remove(0);
                lastContents.remove(0);
            }
            if (System.nanoTime() >= nextMarker) {
                String rel = "d" + (markerNo % 100) + "/" + tag + "m" + markerNo + ".html";
                byte[] mc = Trees.content(markerNo, tag + "marker");
                File[] copies = new File[roots.size()];
                for (int k = 0; k < copies.length; k++) {
                    copies[k] = roots.get(k).resolve(rel).toFile();
                }
                long w = System.nanoTime();
                Trees.write(site.resolve(rel), mc);
                synchronized (markers) {
                    markers.add(new Marker(copies, mc.length, w));
                }
                markerNo++;
                nextMarker += MARKER_MILLIS * 1_000_000;
            }
        }
        long end = System.nanoTime();
        CpuSplit.Shares cpu = CpuSplit.between(cpuAtStart, CpuSplit.take(daemons, syncfleetPid));
        double achieved = written / ((end - t0) / 1e9);
        Bench.log("  wrote %,d changes in %.1f s (%.0f/s), %d markers; CPU: %s", written, (end - t0) / 1e9, achieved,
                markerNo, cpu);
        List<Arrivals.Cursor> last = new ArrayList<>();
        for (Path r : roots) {
            last.add(Arrivals.Cursor.of(r, lastRels, lastContents, true));
        }
        long limit = capped ? Bench.peerCapMillis() : 600_000;
        boolean drainCapped = false;
        long drained;
        try {
            long done = Arrivals.awaitCursors(last, 20, limit, "the last second's changes");
            while (!allArrived(markers)) {
                if (System.nanoTime() - end > limit * 1_000_000) {
                    throw new IllegalStateException("markers missing");
                }
                Thread.sleep(10);
            }
            drained = Math.max(done, lastArrival(markers)) - end;
        } catch (IllegalStateException timeout) {
            if (!capped) {
                throw timeout;
            }
            drainCapped = true;
            drained = limit * 1_000_000;
        }
        poller.interrupt();
        poller.join();
        List<double[]> lags = new ArrayList<>();
        synchronized (markers) {
            for (Marker m : markers) {
                long arrived = m.arrived != 0 ? m.arrived : end + drained;
                lags.add(new double[] {(m.written - t0) / 1e9, (arrived - m.written) / 1e6, m.arrived == 0 ? 1 : 0});
            }
        }
        Bench.log("  drained %s%.2f s after the load", drainCapped ? "> " : "", drained / 1e9);
        return new Result(name, lags, drained / 1e6, drainCapped, achieved, rate, cpu, null);
    }

    private static void pollMarkers(List<Marker> markers) {
        int first = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<Marker> snapshot;
            synchronized (markers) {
                snapshot = new ArrayList<>(markers);
            }
            while (first < snapshot.size() && snapshot.get(first).arrived != 0) {
                first++;
            }
            long now = System.nanoTime();
            for (int i = first; i < Math.min(snapshot.size(), first + 40); i++) {
                Marker m = snapshot.get(i);
                if (m.arrived == 0 && complete(m)) {
                    m.arrived = now;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String pct(double share) {
        return String.format("%.0f%%", 100 * share);
    }

    private static boolean complete(Marker m) {
        for (File f : m.copies) {
            if (f.length() != m.size) {
                return false;
            }
        }
        return true;
    }

    private static boolean allArrived(List<Marker> markers) {
        synchronized (markers) {
            return markers.stream().allMatch(m -> m.arrived != 0);
        }
    }

    private static long lastArrival(List<Marker> markers) {
        synchronized (markers) {
            return markers.stream().mapToLong(m -> m.arrived).max().orElse(0);
        }
    }

    private void write(Report r, List<Result> results, String yaml, Capacity.Result capacity) {
        r.para(String.format("One thread rewrites files of a %,d-file tree (100 directories of 1,000) at %,d changes"
                + " per second for %d s (or as many as it gets written in that time), each change another file (stride 7919 over the tree, so no file is rewritten"
                + " within 50 s and a change never hides behind rsync's quick check). Every %d ms it also creates a"
                + " marker file; a marker's lag is the time from its write until the last of the %d targets has it"
                + " (polled every 10 ms). After the load, drain is the time until every target holds the last"
                + " second's changes (bytes compared) and every marker. The tools run one after the other on the"
                + " same tree and targets (each started on targets equal to the source). The writer shares the 2"
                + " cores with the tool under test, so a tool that uses more CPU also slows the writer: the rate"
                + " achieved is shown. A peer not drained %d s after its load is stopped there (marked >: its lags"
                + " are then lower bounds).", TREE, RATE,
                seconds, MARKER_MILLIS, TARGETS, Bench.peerCapMillis() / 1000));
        r.para(String.format("**This machine cannot carry %,d changes/s to %d targets with rsync, whatever drives"
                + " it.** Measured before the runs, pushing %,d changed small files the way syncfleet does"
                + " (median of 3): to one target, rsync costs %.3f ms of CPU per file (client plus the daemon's"
                + " receiver), so %d targets need %.1f CPU-seconds per second at %,d changes/s, on %d cores: at"
                + " most about %.0f changes/s would keep every core busy with rsync alone. Pushed to all %d targets"
                + " at once (one rsync each), the %,d changes took %.2f s: %.0f changes/s, which also pays for what"
                + " CPU time leaves out (loopback softirq, writeback, contention). A second run therefore repeats"
                + " syncfleet at half the lower of the two (rounded down to 50), to show its lag where the machine"
                + " can keep up.", RATE, TARGETS, capacity.files(), capacity.cpuMillisPerFile(), TARGETS,
                capacity.cpuMillisPerFile() / 1000 * TARGETS * RATE, RATE,
                Runtime.getRuntime().availableProcessors(), capacity.cpuRate(), TARGETS, capacity.files(),
                capacity.wallMillisAll() / 1000, capacity.wallRate()));
        Result sf = results.stream().filter(x -> x.name().startsWith("syncfleet") && x.asked() == RATE).findFirst()
                .orElse(null);
        r.table("", "changes/s asked", "achieved", "lag p50 s", "lag p95 s", "lag max s", "drain s",
                "syncfleet / this, max lag");
        for (Result x : results) {
            Stats s = lagStats(x);
            String gt = x.drainCapped() ? "> " : "";
            boolean peer = sf != null && !x.name().startsWith("syncfleet");
            r.row(x.name(), x.asked(), String.format("%.0f", x.rate()), gt + Stats.s(s.p50()), gt + Stats.s(s.p95()),
                    gt + Stats.s(s.max()), gt + Stats.s(x.drainMillis()),
                    peer ? (x.drainCapped() ? "< " : "") + Stats.ratio(lagStats(sf).max(), s.max()) : "");
        }
        r.end();
        r.line("### Where the CPU went during the load\n");
        r.para("Shares of both cores' time over the load, from /proc: the bench's JVM (the writer), syncfleet's JVM"
                + " (with its embedded broker) and its rsync launcher's JVM, the rsync clients syncfleet started"
                + " (through its launcher), the rsync daemons'"
                + " receivers, everything else (lsyncd and its rsyncs in lsyncd's run; kernel work no process is"
                + " charged for, such as loopback softirq and writeback; any other process), and idle.");
        r.table("", "bench JVM (writer)", "syncfleet JVMs (node with broker, launcher)", "syncfleet's rsync clients", "rsync daemons",
                "others", "idle");
        for (Result x : results) {
            CpuSplit.Shares c = x.cpu();
            r.row(x.name(), pct(c.bench()), pct(c.syncfleet()), pct(c.rsyncClients()), pct(c.daemons()),
                    pct(c.others()), pct(c.idle()));
        }
        r.end();
        r.line("### syncfleet's rsync runs\n");
        r.para(String.format("From syncfleet's sync reports (one per rsync run and target) of the runs that started"
                + " during the load and the drain. A stub is a run of fewer than %d paths right after a run of at"
                + " least %,d for the same target: a whole rsync start spent on the first moments of what arrived"
                + " during the big run, which the next run would have taken anyway. The rsync time per path is the"
                + " runs' wall time over the paths they pushed (the %d targets' runs overlap).", Pushes.STUB,
                Pushes.BIG, TARGETS));
        r.table("", "rsync runs", "paths pushed", "paths per run, p50", "stubs", "rsync ms per path and target");
        for (Result x : results) {
            Pushes p = x.pushes();
            if (p != null) {
                r.row(x.name(), p.runs(), String.format("%,d", p.paths()), String.format("%.0f", p.p50Paths()),
                        p.stubs(), String.format("%.2f", p.msPerPath()));
            }
        }
        r.end();
        r.line("### Lag over time (max marker lag in s, by when the marker was written)\n");
        List<String> cols = new ArrayList<>(List.of("written during"));
        results.forEach(x -> cols.add(x.name()));
        r.table(cols.toArray(new String[0]));
        double span = 0;
        for (Result x : results) {
            for (double[] m : x.markers()) {
                span = Math.max(span, m[0]);
            }
        }
        for (int w = 0; w <= span; w += WINDOW_SECONDS) {
            List<Object> row = new ArrayList<>(List.of(w + "-" + (w + WINDOW_SECONDS) + " s"));
            for (Result x : results) {
                double max = Double.NaN;
                boolean open = false;
                for (double[] m : x.markers()) {
                    if (m[0] >= w && m[0] < w + WINDOW_SECONDS) {
                        max = Double.isNaN(max) ? m[1] : Math.max(max, m[1]);
                        open |= m[2] > 0;
                    }
                }
                row.add(Double.isNaN(max) ? "" : (open ? "> " : "") + Stats.s(max));
            }
            r.row(row.toArray());
        }
        r.end();
        r.line("### Target of issue 7\n");
        for (Result x : results) {
            if (!x.name().startsWith("syncfleet")) {
                continue;
            }
            double firstThird = 0;
            double lastThird = 0;
            for (double[] m : x.markers()) {
                if (m[0] < seconds / 3.0) {
                    firstThird = Math.max(firstThird, m[1]);
                } else if (m[0] >= seconds * 2 / 3.0) {
                    lastThird = Math.max(lastThird, m[1]);
                }
            }
            boolean bounded = !x.drainCapped() && x.drainMillis() <= seconds * 1000 / 3.0
                    && lastThird <= Math.max(1.5 * firstThird, 2000);
            String carried = "";
            if (x.asked() > capacity.maxRate()) { // saturated: what it delivered is what it can carry here
                double rate = x.rate() * seconds / (seconds + x.drainMillis() / 1000);
                carried = String.format(". Carried %.0f changes/s to all %d targets over load and drain: %sx what"
                        + " bare rsync carries in %,d-file pushes (%.0f/s, above)", rate, TARGETS,
                        Stats.ratio(rate, capacity.maxRate()), capacity.files(), capacity.maxRate());
            }
            r.line(String.format("- %s, %,d changes/s asked: maximum lag %s s (first third of the load %s s, last"
                    + " third %s s), drain %s s: lag %s%s", x.name(), x.asked(), Stats.s(lagStats(x).max()),
                    Stats.s(firstThird), Stats.s(lastThird), Stats.s(x.drainMillis()),
                    bounded ? "**bounded**" : "**growing**", carried));
        }
        r.line("\n(bounded: what is left when the load stops drains within a third of the load's length, and the"
                + " maximum lag of the markers written in the last third of the load is at most 1.5x that of the"
                + " first third, or under 2 s. A backlog that keeps growing fails the first test even when every"
                + " marker waits for the end, which the second alone would miss.)\n");
        if (!yaml.isEmpty()) {
            r.line("### Configuration\n\nsyncfleet:\n\n```yaml\n" + yaml + "```\n");
        }
        if (results.stream().anyMatch(x -> !x.name().startsWith("syncfleet"))) {
            r.line("lsyncd: one `sync { default.rsync, source = \".../site/\", target = \"rsync://127.0.0.1:PORT/www/site/\","
                    + " delay = 0, rsync = { _extra = { \"--sockopts=TCP_NODELAY\" } } }` per target.\n");
        }
    }

    private static Stats lagStats(Result x) {
        return Stats.of(x.markers().stream().mapToDouble(m -> m[1]).toArray());
    }
}

package io.syncfleet.bench;

import io.syncfleet.common.event.TargetState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * catch-up: of two targets, one (t1) is down (SIGKILL of its rsync daemon) while 1,000 files change in a
 * 100k-file tree; the time runs from its return (daemon restarted) until it holds all 1,000 changes.
 * syncfleet replays the target's backlog from Kafka ({@code recovery.mode: replay}) or runs a full rsync
 * ({@code recovery.mode: full}); lsyncd either retries on its own (what 2.2.3 does with exit 10) or is
 * restarted (the usual advice, and a full startup rsync); the references are one bare full
 * {@code rsync -a --delete} of the tree to the target, and one bare rsync of just the changed files (the floor
 * of any incremental catch-up). With {@code BENCH_EXTRAS}, also lsyncd left running and syncfleet with its
 * default health intervals.
 */
final class CatchUpScenario {

    static final int TREE = 100_000;
    static final int CHANGED = 1_000;
    static final long OUTAGE_MILLIS = 4_000;
    static final String LISTED_NAME = "one bare `rsync -aR --files-from` of just the 1,000 changed files";
    static final String FAST_HEALTH = "health: {interval: {dead: 500ms, unhealthy: 500ms, recovery: 1s}}\n";

    private final Bench.Context ctx;
    private final int rounds;
    private int version;
    private List<String> lastChanged = List.of();

    CatchUpScenario(Bench.Context ctx, int rounds) {
        this.ctx = ctx;
        this.rounds = rounds;
    }

    /** One catch-up: from the return to converged; for syncfleet also the parts, else NaN. */
    record Run(double fromReturn, double toRecovery, double catchUp, boolean capped) {
    }

    void run() throws Exception {
        Path work = ctx.work();
        Report report = new Report("catch-up", "a target back after missing 1,000 changes in a 100k-file tree",
                "bench/run.sh catch-up");
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        String yaml = "";
        try (RsyncDaemons daemons = RsyncDaemons.start(work.resolve("targets"), 2, List.of("www"))) {
            Path site = Trees.makeSite(work, TREE, daemons.roots("www"));
            List<String> urls = List.of(daemons.url(0, "www"), daemons.url(1, "www"));
            String replayName = "syncfleet `recovery.mode: replay`";
            String fullName = "syncfleet `recovery.mode: full`";
            String defaultsName = "syncfleet `recovery.mode: replay`, default health intervals";
            String lsRetryName = "lsyncd delay=0, left running (it retries)";
            String lsRestartName = "lsyncd delay=0, restarted on the target's return";
            String bareName = "one bare `rsync -a --delete` of the tree";
            String listedName = LISTED_NAME;
            for (String name : Bench.only(Bench.withExtras(List.of(replayName, fullName, lsRestartName, bareName,
                    listedName), List.of(lsRetryName, defaultsName)), n -> n)) {
                BurstScenario.converge(daemons, site);
                Bench.log("catch-up: %s", name);
                List<Run> rs = new ArrayList<>();
                runs.put(name, rs);
                if (name.equals(bareName)) {
                    bare(daemons, site, rs);
                } else if (name.equals(listedName)) {
                    listed(work, daemons, site, rs);
                } else if (name.startsWith("lsyncd")) {
                    lsyncd(work, daemons, site, name.equals(lsRestartName), rs);
                } else {
                    boolean defaults = name.equals(defaultsName);
                    String extra = "recovery: {mode: " + (name.equals(fullName) ? "full" : "replay") + "}\n"
                            + (defaults ? "" : FAST_HEALTH);
                    String used = syncfleet(work.resolve("syncfleet-" + runs.size()), daemons, site, urls, extra,
                            defaults ? 1 : rounds, rs);
                    if (name.equals(replayName)) {
                        yaml = used;
                    }
                }
            }
        }
        write(report, runs, yaml);
        report.write(ctx.result("catch-up"));
    }

    /** Changes {@value #CHANGED} files spread over the tree; returns cursors that wait for them on target i. */
    private List<Arrivals.Cursor> change(Path site, RsyncDaemons daemons) throws IOException {
        String v = "c" + (++version);
        List<String> rels = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < CHANGED; i++) {
            int n = i * (TREE / CHANGED) + version % (TREE / CHANGED);
            String rel = site.relativize(Trees.file(site, n)).toString();
            byte[] c = Trees.content(n, v);
            Trees.write(site.resolve(rel), c);
            rels.add(rel);
            contents.add(c);
        }
        lastChanged = List.copyOf(rels);
        List<Arrivals.Cursor> cursors = new ArrayList<>();
        for (int t = 0; t < daemons.size(); t++) {
            cursors.add(Arrivals.Cursor.of(daemons.root(t, "www").resolve("site"), rels, contents, true));
        }
        return cursors;
    }

    private String syncfleet(Path dir, RsyncDaemons daemons, Path site, List<String> urls, String extra, int n,
                             List<Run> out) throws Exception {
        try (SyncfleetPeer sf = SyncfleetPeer.start(dir, site.getParent(), List.of("site"), urls, extra)) {
            sf.awaitState("t0", s -> s == TargetState.READY, 300_000);
            sf.awaitState("t1", s -> s == TargetState.READY, 300_000);
            sf.awaitSettled(300_000);
            try (Profiler p = Profiler.start("catch-up", dir.getFileName().toString(), sf.pid())) {
                for (int round = 0; round < n; round++) {
                    long kill = System.nanoTime();
                    daemons.kill(1);
                    List<Arrivals.Cursor> c = change(site, daemons);
                    Arrivals.awaitCursors(List.of(c.get(0)), 10, 120_000, "the live target");
                    sf.awaitState("t1", s -> s == TargetState.DEAD, 120_000);
                    sleepUntil(kill + OUTAGE_MILLIS * 1_000_000);
                    daemons.restart(1);
                    long back = System.nanoTime();
                    AtomicLong recovery = new AtomicLong();
                    Thread watch = new Thread(() -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            if (sf.state("t1") == TargetState.RECOVERY) {
                                recovery.compareAndSet(0, System.nanoTime());
                                return;
                            }
                            try {
                                Thread.sleep(2);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }, "bench-state");
                    watch.start();
                    long done = Arrivals.awaitCursors(List.of(c.get(1)), 10, 600_000, "the returned target");
                    watch.interrupt();
                    watch.join();
                    double toRec = recovery.get() == 0 ? Double.NaN : (recovery.get() - back) / 1e6;
                    double catchUp = recovery.get() == 0 ? Double.NaN : (done - recovery.get()) / 1e6;
                    out.add(new Run((done - back) / 1e6, toRec, catchUp, false));
                    Bench.log("  converged %.2f s after the return (recovery after %.2f s)", (done - back) / 1e9,
                            toRec / 1000);
                    sf.awaitState("t1", s -> s == TargetState.READY, 300_000);
                }
            }
            return sf.yaml();
        }
    }

    private void lsyncd(Path work, RsyncDaemons daemons, Path site, boolean restart, List<Run> out)
            throws Exception {
        List<LsyncdPeer.Sync> syncs = List.of(new LsyncdPeer.Sync(site, daemons.url(0, "www") + "/site"),
                new LsyncdPeer.Sync(site, daemons.url(1, "www") + "/site"));
        Path dir = work.resolve(restart ? "lsyncd-restart" : "lsyncd-retry");
        LsyncdPeer ls = LsyncdPeer.start(dir.resolve("0"), syncs, 0, 300_000);
        try {
            for (int round = 0; round < rounds; round++) {
                long kill = System.nanoTime();
                daemons.kill(1);
                List<Arrivals.Cursor> c = change(site, daemons);
                Arrivals.awaitCursors(List.of(c.get(0)), 10, 120_000, "the live target");
                sleepUntil(kill + OUTAGE_MILLIS * 1_000_000);
                daemons.restart(1);
                long back = System.nanoTime();
                if (restart) {
                    ls.close();
                    ls = LsyncdPeer.start(dir.resolve(String.valueOf(round + 1)), syncs, 0, Bench.peerCapMillis());
                }
                Run r;
                try {
                    long done = Arrivals.awaitCursors(List.of(c.get(1)), 10, Bench.peerCapMillis(), "lsyncd");
                    r = new Run((done - back) / 1e6, Double.NaN, Double.NaN, false);
                } catch (IllegalStateException timeout) {
                    r = new Run(Bench.peerCapMillis(), Double.NaN, Double.NaN, true);
                }
                out.add(r);
                Bench.log("  %s%.2f s after the return", r.capped() ? "capped at " : "converged ", r.fromReturn() / 1000);
                if (r.capped()) {
                    break;
                }
            }
        } finally {
            ls.close();
        }
    }

    private void bare(RsyncDaemons daemons, Path site, List<Run> out) throws Exception {
        for (int round = 0; round < rounds; round++) {
            List<Arrivals.Cursor> c = change(site, daemons);
            long t0 = System.nanoTime();
            BareRsync.run(site.getParent(), BareRsync.fullArgv("site", daemons.url(1, "www")));
            long done = System.nanoTime();
            if (!c.get(1).advance()) {
                throw new IllegalStateException("the full rsync left " + c.get(1).firstMissing() + " behind");
            }
            out.add(new Run((done - t0) / 1e6, Double.NaN, Double.NaN, false));
            Bench.log("  full rsync %.2f s", (done - t0) / 1e9);
            BareRsync.run(site.getParent(), BareRsync.fullArgv("site", daemons.url(0, "www")));
        }
    }

    /**
     * The floor of any incremental catch-up: one rsync told exactly which files changed (no walk of the tree),
     * with nothing else to do.
     */
    private void listed(Path work, RsyncDaemons daemons, Path site, List<Run> out) throws Exception {
        Path list = work.resolve("changed.list");
        for (int round = 0; round < rounds; round++) {
            List<Arrivals.Cursor> c = change(site, daemons);
            java.nio.file.Files.write(list, lastChanged);
            long t0 = System.nanoTime();
            BareRsync.run(site, List.of("rsync", "-aR", "--sockopts=TCP_NODELAY", "--files-from=" + list, "./",
                    daemons.url(1, "www") + "/site/"));
            long done = System.nanoTime();
            if (!c.get(1).advance()) {
                throw new IllegalStateException("the listed rsync left " + c.get(1).firstMissing() + " behind");
            }
            out.add(new Run((done - t0) / 1e6, Double.NaN, Double.NaN, false));
            Bench.log("  listed rsync %.2f s", (done - t0) / 1e9);
            BareRsync.run(site.getParent(), BareRsync.fullArgv("site", daemons.url(0, "www")));
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private void write(Report r, Map<String, List<Run>> runs, String yaml) {
        r.para(String.format("Two targets (rsync daemons on 127.0.0.1) hold a tree of %,d files. Target t1 is killed"
                + " (SIGKILL of its daemon); %,d files spread over the tree change while it is down (t0 gets them"
                + " live); %d s after the kill its daemon is started again. The time runs from that return until t1"
                + " holds all %,d changes (polled every 10 ms, bytes compared). %d rounds per tool, each with other"
                + " files. For syncfleet, also: return -> the keeper's RECOVERY state (probing: a dead target is"
                + " probed every `health.interval.dead`, then an unhealthy round must see 3 good probes), and"
                + " RECOVERY -> converged (the catch-up itself). syncfleet runs here with `health.interval.dead:"
                + " 500ms`, `unhealthy: 500ms` (defaults 3s and 3s), so that the catch-up, not the probing cadence,"
                + " is measured (`BENCH_EXTRAS=1` adds one run with the default intervals). A peer not done"
                + " after %d s is stopped there (marked >).", TREE, CHANGED, OUTAGE_MILLIS / 1000, CHANGED, rounds,
                Bench.peerCapMillis() / 1000));
        r.table("", "runs", "return -> converged p50 s", "p95 s", "return -> RECOVERY p50 s",
                "RECOVERY -> converged p50 s");
        for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
            List<Run> rs = e.getValue();
            Stats all = Stats.of(rs.stream().mapToDouble(Run::fromReturn).toArray());
            Stats rec = Stats.of(rs.stream().mapToDouble(Run::toRecovery).filter(d -> !Double.isNaN(d)).toArray());
            Stats cu = Stats.of(rs.stream().mapToDouble(Run::catchUp).filter(d -> !Double.isNaN(d)).toArray());
            String gt = rs.stream().anyMatch(Run::capped) ? "> " : "";
            r.row(e.getKey(), rs.size(), gt + Stats.s(all.p50()), gt + Stats.s(all.p95()),
                    rec.n() == 0 ? "" : Stats.s(rec.p50()), cu.n() == 0 ? "" : Stats.s(cu.p50()));
        }
        r.end();
        List<Run> replay = runs.getOrDefault("syncfleet `recovery.mode: replay`", List.of());
        List<Run> full = runs.getOrDefault("syncfleet `recovery.mode: full`", List.of());
        List<Run> bare = runs.getOrDefault("one bare `rsync -a --delete` of the tree", List.of());
        double replayCatchUp = Stats.of(replay.stream().mapToDouble(Run::catchUp).toArray()).p50();
        double fullCatchUp = Stats.of(full.stream().mapToDouble(Run::catchUp).toArray()).p50();
        double bareFull = Stats.of(bare.stream().mapToDouble(Run::fromReturn).toArray()).p50();
        double replayAll = Stats.of(replay.stream().mapToDouble(Run::fromReturn).toArray()).p50();
        double listed = Stats.of(runs.getOrDefault(LISTED_NAME, List.of()).stream().mapToDouble(Run::fromReturn)
                .toArray()).p50();
        r.line("### Target of issue 7\n");
        r.line("- catch-up by replay at most 0.2x a full rsync: the replay's catch-up (RECOVERY -> converged) is "
                + Stats.ratio(replayCatchUp, fullCatchUp) + "x syncfleet's own full catch-up ("
                + Report.verdict(replayCatchUp <= 0.2 * fullCatchUp) + ") and " + Stats.ratio(replayCatchUp, bareFull)
                + "x one bare full rsync (" + Report.verdict(replayCatchUp <= 0.2 * bareFull) + ").");
        r.line("- counting the probing from the return as well: replay " + Stats.ratio(replayAll, bareFull)
                + "x one bare full rsync.");
        r.line("- what rsync itself allows: one bare rsync of just the " + String.format("%,d", CHANGED)
                + " changed files, with no walk and no Kafka, takes " + Stats.ratio(listed, bareFull)
                + "x the bare full rsync; the replay's catch-up is " + Stats.ratio(replayCatchUp, listed)
                + "x that bare listed rsync.\n");
        if (yaml != null && !yaml.isEmpty()) {
            r.line("### Configuration\n\nsyncfleet (replay; `mode: full` for the full rows):\n\n```yaml\n" + yaml + "```\n");
        }
        r.line("lsyncd: `sync { default.rsync, source = \".../site/\", target = \"rsync://127.0.0.1:PORT/www/site/\","
                + " delay = 0, rsync = { _extra = { \"--sockopts=TCP_NODELAY\" } } }`, one per target. The bare full"
                + " rsync: `rsync -a --delete --sockopts=TCP_NODELAY site/ rsync://127.0.0.1:PORT/www/site/`.\n");
    }
}

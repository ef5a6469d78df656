package io.syncfleet.bench;

import io.syncfleet.common.event.TargetState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * burst: 10,000 new files written as fast as one thread can into a 100k-file tree (100 into each of its
 * 100 directories); time from the first write until all 10 targets have all of them. The tools run one
 * at a time on the same source tree and targets, in rotating order per round: before each run the bench
 * itself brings every target back to the source ({@code rsync -a --delete}), starts the tool, waits for
 * its startup sync and one idle second, then writes the burst; afterwards it stops the tool and removes
 * the burst from the source.
 */
final class BurstScenario {

    static final int TREE = 100_000;
    static final int BURST = 10_000;
    static final int TARGETS = 10;

    private final Bench.Context ctx;
    private final int rounds;
    /** True while every target equals the source (then a run needs no converge first). */
    private boolean targetsEqual = true;

    BurstScenario(Bench.Context ctx, int rounds) {
        this.ctx = ctx;
        this.rounds = rounds;
    }

    /** A tool under test: started before the burst, stopped after. */
    private interface Tool {
        String name();

        AutoCloseable start(int run) throws Exception;

        /** Peers are given up on after {@code BENCH_PEER_CAP_SECONDS}; syncfleet is not. */
        default boolean capped() {
            return true;
        }

        /**
         * True when nothing of the tool writes to the targets once it is stopped. lsyncd's stop leaves its
         * rsync children running, so after lsyncd the targets are brought back with rsync.
         */
        default boolean stopsCleanly() {
            return true;
        }
    }

    /** One timed burst: ms until converged (or the cap), ms spent writing, the share arrived at the cap. */
    record Run(double millis, double writeMillis, boolean capped, double arrived) {
    }

    void run() throws Exception {
        Path work = ctx.work();
        Report report = new Report("burst", "10,000 new files in a 100k-file tree to 10 targets", "bench/run.sh burst");
        try (RsyncDaemons daemons = RsyncDaemons.start(work.resolve("targets"), TARGETS, List.of("www"))) {
            Path site = Trees.makeSite(work, TREE, daemons.roots("www"));
            Path src = site.getParent();
            List<String> urls = new ArrayList<>();
            List<LsyncdPeer.Sync> syncs = new ArrayList<>();
            for (int i = 0; i < TARGETS; i++) {
                urls.add(daemons.url(i, "www"));
                syncs.add(new LsyncdPeer.Sync(site, daemons.url(i, "www") + "/site"));
            }
            String[] sfYaml = {""};
            Tool syncfleet = new Tool() {
                public String name() {
                    return "syncfleet (default config)";
                }

                public boolean capped() {
                    return false;
                }

                public AutoCloseable start(int run) throws Exception {
                    SyncfleetPeer p = SyncfleetPeer.start(work.resolve("syncfleet-" + run), src, List.of("site"),
                            urls, "");
                    sfYaml[0] = p.yaml();
                    for (int i = 0; i < TARGETS; i++) {
                        p.awaitState("t" + i, s -> s == TargetState.READY, 300_000);
                    }
                    p.awaitSettled(300_000);
                    Profiler prof = Profiler.start("burst", "syncfleet-" + run, p.pid());
                    return () -> {
                        prof.close();
                        p.close();
                    };
                }
            };
            Tool lsyncd0 = lsyncd("lsyncd delay=0", work, syncs, 0);
            Tool lsyncd15 = lsyncd("lsyncd default delay (15 s)", work, syncs, null);
            Tool loop = new Tool() {
                public String name() {
                    return "`rsync -a --delete` loop per target";
                }

                public AutoCloseable start(int run) {
                    List<String> dests = new ArrayList<>(urls);
                    return new BareRsync.Loop(src, "site", dests);
                }
            };
            List<Tool> rotating = Bench.only(List.of(syncfleet, lsyncd0, loop), Tool::name);
            Map<Tool, List<Run>> runs = new LinkedHashMap<>();
            for (Tool t : List.of(syncfleet, lsyncd0, loop, lsyncd15)) {
                runs.put(t, new ArrayList<>());
            }
            int run = 0;
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < rotating.size(); k++) {
                    Tool t = rotating.get((k + round) % rotating.size());
                    if (t == lsyncd0 && round > 0 && runs.get(t).get(0).capped()) {
                        continue; // hit the cap once: more runs would only spend the time budget
                    }
                    runs.get(t).add(once(t, run++, daemons, site));
                }
            }
            int slowRounds = Bench.only(List.of(lsyncd15), Tool::name).isEmpty() ? 0 : 1;
            for (int i = 0; i < slowRounds; i++) {
                runs.get(lsyncd15).add(once(lsyncd15, run++, daemons, site));
            }
            write(report, runs, syncfleet, lsyncd0, sfYaml[0]);
        }
        report.write(ctx.result("burst"));
    }

    private static Tool lsyncd(String name, Path work, List<LsyncdPeer.Sync> syncs, Integer delay) {
        return new Tool() {
            public String name() {
                return name;
            }

            public AutoCloseable start(int run) throws Exception {
                return LsyncdPeer.start(work.resolve("lsyncd-" + run), syncs, delay, 300_000);
            }

            public boolean stopsCleanly() {
                return false;
            }
        };
    }

    /** One timed burst of {@code tool}. */
    private Run once(Tool tool, int run, RsyncDaemons daemons, Path site) throws Exception {
        if (!targetsEqual) {
            converge(daemons, site);
        }
        targetsEqual = false;
        String tag = "b" + run + "-";
        List<String> rels = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            int dir = i / (BURST / (TREE / Trees.PER_DIR)); // directory by directory, as a renderer writes
            rels.add("d" + dir + "/" + tag + i + ".html");
            contents.add(Trees.content(i, tag));
        }
        List<Arrivals.Cursor> cursors = new ArrayList<>();
        for (Path root : daemons.roots("www")) {
            cursors.add(Arrivals.Cursor.of(root.resolve("site"), rels, contents, false));
        }
        Bench.log("burst %d: %s", run, tool.name());
        Run result;
        try (AutoCloseable running = tool.start(run)) {
            Thread.sleep(1000);
            long t0 = System.nanoTime();
            for (int i = 0; i < BURST; i++) {
                Trees.write(site.resolve(rels.get(i)), contents.get(i));
            }
            double wrote = (System.nanoTime() - t0) / 1e6;
            long limit = tool.capped() ? Bench.peerCapMillis() : 900_000;
            long left = limit - (System.nanoTime() - t0) / 1_000_000;
            try {
                long done = Arrivals.awaitCursors(cursors, 20, left, BURST + " burst files on " + TARGETS + " targets");
                result = new Run((done - t0) / 1e6, wrote, false, 1);
            } catch (IllegalStateException timeout) {
                if (!tool.capped()) {
                    throw timeout;
                }
                long arrived = 0;
                for (Arrivals.Cursor c : cursors) {
                    c.advance();
                    arrived += c.done();
                }
                result = new Run(limit, wrote, true, arrived / (double) (BURST * TARGETS));
            }
            Bench.log("  %s: %s%.2f s (writing took %.2f s)", tool.name(), result.capped() ? "capped at " : "",
                    result.millis() / 1000, wrote / 1000);
        }
        // after the tool has stopped: not timed
        removeBurst(List.of(site), rels);
        if (!result.capped() && tool.stopsCleanly()) {
            // every target holds exactly the source plus the burst: removing the burst is enough, and much
            // cheaper than ten rsync walks of the tree
            removeBurst(daemons.roots("www").stream().map(r -> r.resolve("site")).toList(), rels);
            targetsEqual = true;
        }
        return result;
    }

    /** Deletes the burst's files below each of {@code sites} (the source's site, or the targets'). */
    private static void removeBurst(List<Path> sites, List<String> rels) throws IOException {
        for (Path s : sites) {
            for (String rel : rels) {
                Files.deleteIfExists(s.resolve(rel));
            }
        }
    }

    /** Every target equal to the source again: {@code rsync -a --delete}, two at a time (2 cores). */
    static void converge(RsyncDaemons daemons, Path site) throws Exception {
        List<List<String>> argvs = new ArrayList<>();
        for (int i = 0; i < daemons.size(); i++) {
            argvs.add(BareRsync.fullArgv(site.getFileName().toString(), daemons.url(i, "www")));
        }
        BareRsync.runAll(site.getParent(), argvs, 2);
    }

    private void write(Report r, Map<Tool, List<Run>> runs, Tool syncfleet, Tool lsyncd0, String yaml)
            throws IOException {
        r.para(String.format("%,d new files (about 25 bytes each) are written by one thread, as fast as it can, into"
                + " a tree of %,d files (100 directories of 1,000), 100 into each directory, directory by directory"
                + " as a renderer or a deploy writes them; the time runs from the first write until all %d targets"
                + " (rsync daemons on 127.0.0.1) have every file. The tools run one at a time on the same source and"
                + " targets: before each run the bench brings every target back to the source with `rsync -a"
                + " --delete`, starts the tool, waits for its startup sync and one idle second. syncfleet, lsyncd"
                + " delay=0 and the rsync loop take turns for %d rounds (rotating order); lsyncd with its default"
                + " delay runs once at the end. A peer still not done after %d s is stopped there: its figure is then"
                + " a lower bound (marked >), with the share of the %,d file copies that had arrived, and it is not"
                + " run again. Percentiles are over the runs (with 3 runs, p95 is the slowest).", BURST, TREE,
                TARGETS, rounds, Bench.peerCapMillis() / 1000, BURST * TARGETS));
        Stats sf = Stats.of(seconds(runs.get(syncfleet)));
        r.table("", "runs", "p50 s", "p95 s", "writing the burst took, p50 s", "syncfleet / this, p50",
                "syncfleet / this, p95");
        for (Map.Entry<Tool, List<Run>> e : runs.entrySet()) {
            List<Run> rs = e.getValue();
            Stats s = Stats.of(seconds(rs));
            Stats w = Stats.of(rs.stream().mapToDouble(Run::writeMillis).toArray());
            boolean capped = rs.stream().anyMatch(Run::capped);
            String lower = capped ? "> " : "";
            String upper = capped ? "< " : "";
            String note = capped ? String.format(" (%.0f%% arrived)", 100 * rs.stream()
                    .filter(Run::capped).mapToDouble(Run::arrived).min().orElse(0)) : "";
            boolean self = e.getKey() == syncfleet;
            r.row(e.getKey().name(), rs.size(), lower + Stats.s(s.p50()) + note, lower + Stats.s(s.p95()),
                    Stats.s(w.p50()), self ? "" : upper + Stats.ratio(sf.p50(), s.p50()),
                    self ? "" : upper + Stats.ratio(sf.p95(), s.p95()));
        }
        r.end();
        Stats ls = Stats.of(seconds(runs.get(lsyncd0)));
        r.line("### Target of issue 7\n");
        boolean lsCapped = runs.get(lsyncd0).stream().anyMatch(Run::capped);
        r.line("- burst at most 0.5x lsyncd at delay=0: " + (lsCapped ? "< " : "") + Stats.ratio(sf.p50(), ls.p50())
                + "x, " + Report.verdict(sf.p50() <= 0.5 * ls.p50()) + "\n");
        r.line("### Configurations\n");
        r.line("syncfleet:\n\n```yaml\n" + yaml + "```\n");
        r.line("lsyncd: one `sync { default.rsync, source = \".../site/\", target = \"rsync://127.0.0.1:PORT/www/site/\","
                + " delay = 0, rsync = { _extra = { \"--sockopts=TCP_NODELAY\" } } }` per target (without `delay` for"
                + " the default). The loop: one thread per target running `rsync -a --delete --sockopts=TCP_NODELAY"
                + " site/ rsync://127.0.0.1:PORT/www/site/` back to back, started one second before the burst.\n");
    }

    private static double[] seconds(List<Run> runs) {
        return runs.stream().mapToDouble(Run::millis).toArray();
    }
}

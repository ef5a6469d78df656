package io.syncfleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the machine's CPU went between two snapshots, from /proc in clock ticks: this JVM (the bench's
 * writer), syncfleet's JVMs (the node with its embedded broker, and the rsync launcher it started), the rsync
 * clients syncfleet started and reaped (through the launcher, or directly with {@code rsync.launcher: false}), the
 * rsync daemons' children (the receivers), everything else (a peer such as lsyncd and its rsyncs, kernel
 * work no process is charged for, such as loopback softirq and writeback, and any other process), and idle.
 */
final class CpuSplit {

    /** Ticks at one moment. */
    record Snapshot(long bench, long syncfleet, long syncfleetChildren, long daemons, long busy, long idle) {
    }

    /** Shares of all cores' time, 0..1. */
    record Shares(double bench, double syncfleet, double rsyncClients, double daemons, double others, double idle) {
        @Override
        public String toString() {
            return String.format("bench %.0f%%, syncfleet %.0f%%, its rsync clients %.0f%%, daemons %.0f%%,"
                    + " others %.0f%%, idle %.0f%%", 100 * bench, 100 * syncfleet, 100 * rsyncClients, 100 * daemons,
                    100 * others, 100 * idle);
        }
    }

    private CpuSplit() {
    }

    /** @param syncfleetPid syncfleet's process ({@link SyncfleetPeer#pid()}), or 0 when a peer runs instead */
    static Snapshot take(RsyncDaemons daemons, long syncfleetPid) throws IOException {
        long[] self = ticks("self");
        long[] sf = syncfleetPid == 0 ? new long[4] : ticks(String.valueOf(syncfleetPid));
        for (ProcessHandle child : syncfleetPid == 0 ? List.<ProcessHandle>of()
                : ProcessHandle.of(syncfleetPid).map(h -> h.children().toList()).orElse(List.of())) {
            if (child.info().command().orElse("").endsWith("/java")) { // its rsync launcher
                long[] l;
                try {
                    l = ticks(String.valueOf(child.pid()));
                } catch (IOException gone) {
                    continue; // it ended meanwhile
                }
                for (int i = 0; i < 4; i++) {
                    sf[i] += l[i];
                }
            }
        }
        long ds = 0;
        for (int i = 0; i < daemons.size(); i++) {
            long[] d = ticks(String.valueOf(daemons.pid(i)));
            ds += d[0] + d[1] + d[2] + d[3];
        }
        long busy = 0;
        long idle = 0;
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        for (int i = 1; i < Math.min(cpu.length, 9); i++) { // user nice system idle iowait irq softirq steal
            long v = Long.parseLong(cpu[i]);
            if (i == 4 || i == 5) {
                idle += v;
            } else {
                busy += v;
            }
        }
        return new Snapshot(self[0] + self[1], sf[0] + sf[1], sf[2] + sf[3], ds, busy, idle);
    }

    static Shares between(Snapshot a, Snapshot b) {
        double all = Math.max(1, (b.busy() - a.busy()) + (b.idle() - a.idle()));
        long bench = b.bench() - a.bench();
        long sf = b.syncfleet() - a.syncfleet();
        long clients = b.syncfleetChildren() - a.syncfleetChildren();
        long daemons = b.daemons() - a.daemons();
        long others = Math.max(0, (b.busy() - a.busy()) - bench - sf - clients - daemons);
        return new Shares(bench / all, sf / all, clients / all, daemons / all, others / all,
                (b.idle() - a.idle()) / all);
    }

    /** utime, stime, cutime, cstime of a process ({@code /proc/PID/stat}), in clock ticks. */
    static long[] ticks(String pid) throws IOException {
        String s = Files.readString(Path.of("/proc", pid, "stat"));
        List<String> f = List.of(s.substring(s.lastIndexOf(')') + 2).split(" "));
        return new long[] {Long.parseLong(f.get(11)), Long.parseLong(f.get(12)), Long.parseLong(f.get(13)),
                Long.parseLong(f.get(14))};
    }
}

package io.syncfleet.bench;

import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncReport;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * syncfleet's rsync runs of live changes in one sustained run, from its own sync reports (one per run and
 * target): how many, how many paths each took, and the rsync wall time per path. A run of few paths right
 * after a big one of the same target is a stub: a whole rsync start spent on the first moments of what
 * arrived during the big one, which the next run would have taken anyway (the small runs while a load
 * ramps up are not counted).
 *
 * @param runs rsync runs of changes (not full syncs), all targets
 * @param paths paths they pushed, all targets
 * @param p50Paths median paths per run
 * @param stubs runs of fewer than {@link #STUB} paths right after one of at least {@link #BIG} of the same target
 * @param msPerPath rsync wall time per pushed path, summed over the runs
 */
record Pushes(int runs, long paths, double p50Paths, int stubs, double msPerPath) {

    static final int STUB = 100;
    static final int BIG = 1_000;

    /** The CHANGE runs among {@code reports} that started at or after {@code sinceMillis} (wall clock). */
    static Pushes of(List<SyncReport> reports, long sinceMillis) {
        List<SyncReport> live = reports.stream()
                .filter(r -> r.kind() == ChangeKind.CHANGE && r.startedAtMillis() >= sinceMillis).toList();
        long paths = live.stream().mapToLong(SyncReport::fileCount).sum();
        long millis = live.stream().mapToLong(r -> r.finishedAtMillis() - r.startedAtMillis()).sum();
        Stats perRun = Stats.of(live.stream().mapToDouble(SyncReport::fileCount).toArray());
        Map<String, Integer> previous = new HashMap<>();
        int stubs = 0;
        for (SyncReport r : live.stream().sorted(Comparator.comparingLong(SyncReport::startedAtMillis)).toList()) {
            Integer before = previous.put(r.targetId(), r.fileCount());
            if (before != null && before >= BIG && r.fileCount() < STUB) {
                stubs++;
            }
        }
        return new Pushes(live.size(), paths, perRun.p50(), stubs, paths == 0 ? Double.NaN : millis / (double) paths);
    }
}

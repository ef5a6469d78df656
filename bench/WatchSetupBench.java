import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.fs.InotifyLimits;
import io.syncfleet.watcher.fs.InotifyWatchBackend;
import io.syncfleet.watcher.fs.JdkWatchBackend;
import io.syncfleet.watcher.fs.WatchBackend;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One watch backend set up on one tree, in a JVM of its own so its memory is its own. Prints one
 * line of {@code key=value} figures: setup time until start() returns, directories watched, heap held
 * after setup (after a full GC, minus the same before), resident set size, and close time.
 * Usage: WatchSetupBench jdk|inotify TREE [walkThreads]
 */
public class WatchSetupBench {

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        Path tree = Path.of(args[1]).toAbsolutePath();
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : InotifyWatchBackend.DEFAULT_WALK_THREADS;
        if (kind.equals("inotify") && InotifyWatchBackend.unavailableReason().isPresent()) {
            throw new IllegalStateException("inotify unavailable: " + InotifyWatchBackend.unavailableReason().get());
        }
        WatchBackend backend = switch (kind) {
            case "jdk" -> new JdkWatchBackend(tree, ExcludeFilter.NONE);
            case "inotify" -> new InotifyWatchBackend(tree, ExcludeFilter.NONE, false, InotifyLimits.system(), threads);
            default -> throw new IllegalArgumentException("jdk or inotify, not " + kind);
        };
        long heapBefore = usedHeapAfterGc();
        long rssBefore = statusKb("VmRSS");
        AtomicLong events = new AtomicLong();
        long t0 = System.nanoTime();
        backend.start(List.of(RelPath.BASE), batch -> events.addAndGet(batch.size()));
        long setupMs = (System.nanoTime() - t0) / 1_000_000;
        long rssAfter = statusKb("VmRSS");
        long heapHeld = usedHeapAfterGc() - heapBefore;
        long watched = backend.watchedDirectories();
        long t1 = System.nanoTime();
        backend.close();
        long closeMs = (System.nanoTime() - t1) / 1_000_000;
        System.out.printf("backend=%s threads=%d setup_ms=%d watched=%d heap_bytes=%d heap_per_dir=%d rss_kb=%d"
                        + " rss_growth_kb=%d peak_rss_kb=%d close_ms=%d events=%d%n",
                backend.name(), kind.equals("jdk") ? JdkWatchBackend.DEFAULT_REGISTER_THREADS : threads, setupMs,
                watched, heapHeld, watched == 0 ? 0 : heapHeld / watched, rssAfter, rssAfter - rssBefore,
                statusKb("VmHWM"), closeMs, events.get());
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static long statusKb(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

import io.syncfleet.app.Node;
import io.syncfleet.app.Roles;
import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.watcher.domain.ExcludeFilter;
import io.syncfleet.watcher.fs.FanotifyWatchBackend;
import io.syncfleet.watcher.fs.InotifyLimits;
import io.syncfleet.watcher.fs.InotifyWatchBackend;
import io.syncfleet.watcher.fs.JdkWatchBackend;
import io.syncfleet.watcher.fs.WatchBackend;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One watch backend on one tree, in a JVM of its own so its memory is its own. Prints one line of
 * {@code key=value} figures. Run with the syncfleet jar on the class path.
 *
 * <pre>
 * WatchSetupBench setup jdk|inotify|fanotify TREE DIRS
 *     setup time until start() returns, directories watched, heap held after setup (after a full GC,
 *     minus the same before), resident set size, close time; for fanotify also the time until its
 *     background count reached every directory (DIRS + the root)
 * WatchSetupBench touch jdk|inotify|fanotify TREE FILE_LIST N WORK
 *     the watcher role (watch.backend as given, embedded Kafka in WORK) on TREE; once it is watching,
 *     N of the files listed in FILE_LIST (one a line, spread evenly over the list) are rewritten, and the
 *     time is taken until the last of them is in a change batch a consumer of {@code changes} reads
 * </pre>
 */
public class WatchSetupBench {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String kind = args[1];
        Path tree = Path.of(args[2]).toAbsolutePath();
        if (mode.equals("setup")) {
            setup(kind, tree, Long.parseLong(args[3]));
        } else {
            touch(kind, tree, Path.of(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
        }
    }

    private static void setup(String kind, Path tree, long dirs) throws Exception {
        WatchBackend backend = switch (kind) {
            case "jdk" -> new JdkWatchBackend(tree, ExcludeFilter.NONE);
            case "inotify" -> new InotifyWatchBackend(tree, ExcludeFilter.NONE, false, InotifyLimits.system(),
                    InotifyWatchBackend.DEFAULT_WALK_THREADS);
            case "fanotify" -> new FanotifyWatchBackend(tree, ExcludeFilter.NONE);
            default -> throw new IllegalArgumentException("jdk, inotify or fanotify, not " + kind);
        };
        // what the watcher does when it picks a backend, before starting it: loads JNA and probes the kernel
        if (kind.equals("inotify") && InotifyWatchBackend.unavailableReason().isPresent()) {
            throw new IllegalStateException("inotify unavailable: " + InotifyWatchBackend.unavailableReason().get());
        }
        if (kind.equals("fanotify") && FanotifyWatchBackend.unavailableReason(tree).isPresent()) {
            throw new IllegalStateException("fanotify unavailable: " + FanotifyWatchBackend.unavailableReason(tree).get());
        }
        long heapBefore = usedHeapAfterGc();
        long rssBefore = statusKb("VmRSS");
        AtomicLong events = new AtomicLong();
        long t0 = System.nanoTime();
        backend.start(List.of(RelPath.BASE), batch -> events.addAndGet(batch.size()));
        long setupMs = (System.nanoTime() - t0) / 1_000_000;
        long countedMs = setupMs;
        if (kind.equals("fanotify")) {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (backend.watchedDirectories() < dirs + 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            countedMs = (System.nanoTime() - t0) / 1_000_000;
        }
        long rssAfter = statusKb("VmRSS");
        long heapHeld = usedHeapAfterGc() - heapBefore;
        long watched = backend.watchedDirectories();
        long t1 = System.nanoTime();
        backend.close();
        long closeMs = (System.nanoTime() - t1) / 1_000_000;
        int threads = switch (kind) {
            case "jdk" -> JdkWatchBackend.DEFAULT_REGISTER_THREADS;
            case "inotify" -> InotifyWatchBackend.DEFAULT_WALK_THREADS;
            default -> FanotifyWatchBackend.DEFAULT_COUNT_THREADS;
        };
        System.out.printf("kind=%s backend=%s threads=%d setup_ms=%d counted_ms=%d watched=%d heap_bytes=%d heap_per_dir=%d"
                        + " rss_kb=%d rss_growth_kb=%d peak_rss_kb=%d close_ms=%d events=%d%n",
                kind, backend.name(), threads, setupMs, countedMs, watched, heapHeld, watched == 0 ? 0 : heapHeld / watched,
                rssAfter, rssAfter - rssBefore, statusKb("VmHWM"), closeMs, events.get());
    }

    private static void touch(String kind, Path tree, Path fileList, int n, Path work) throws Exception {
        List<String> all = Files.readAllLines(fileList, StandardCharsets.UTF_8);
        List<Path> files = new ArrayList<>();
        Set<RelPath> expected = new HashSet<>();
        long step = Math.max(1, all.size() / n);
        for (int i = 0; i < all.size() && files.size() < n; i += step) {
            Path f = Path.of(all.get(i));
            files.add(f);
            expected.add(RelPath.of(tree.relativize(f).toString()));
        }
        int port = freePortPair();
        String yaml = "kafka: {bootstrap: embedded, dataDir: \"" + work.resolve("kafka-" + kind) + "\", embeddedPort: "
                + port + ", topicPrefix: bench, partitions: 12}\n"
                + "source: {baseDir: \"" + tree + "\", paths: [.]}\n"
                + "watch: {backend: " + kind + "}\n"
                + "status: {listen: \"127.0.0.1:0\"}\n"
                + "log: {dir: \"" + work.resolve("logs-" + kind) + "\"}\n";
        SyncfleetConfig config = ConfigLoader.loadString(yaml, work, null, Map.of());
        long started = System.nanoTime();
        try (Node node = new Node(config, Roles.parse("watcher"), Clock.systemUTC()).start()) {
            long watchingMs = (System.nanoTime() - started) / 1_000_000;
            Topics topics = new Topics(config.kafka().topicPrefix(), config.kafka().partitions());
            String topic = topics.name(Topics.CHANGES);
            try (var consumer = new KafkaConsumer<>(node.kafka().clients().consumer("bench-touch", null),
                    Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer())) {
                List<TopicPartition> parts = new ArrayList<>();
                consumer.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
                consumer.assign(parts);
                consumer.seekToEnd(parts);
                parts.forEach(consumer::position); // the end now, before the first write
                byte[] content = "touched\n".getBytes(StandardCharsets.UTF_8);
                long t0 = System.currentTimeMillis();
                for (Path f : files) {
                    Files.write(f, content);
                }
                long touchedMs = System.currentTimeMillis() - t0;
                long lastPublished = 0;
                long lastSeen = 0;
                long batches = 0;
                boolean rescanned = false;
                long deadline = t0 + Duration.ofMinutes(5).toMillis();
                while (!expected.isEmpty() && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, ChangeBatch> r : consumer.poll(Duration.ofMillis(50))) {
                        ChangeBatch b = r.value();
                        if (b.kind() == ChangeKind.RESCAN && b.paths().contains(RelPath.BASE)) {
                            rescanned = true; // events were lost (queue overflow): the whole tree is synced instead
                            expected.clear();
                            lastPublished = Math.max(lastPublished, b.publishedAtMillis());
                            lastSeen = System.currentTimeMillis();
                            continue;
                        }
                        boolean useful = false;
                        for (RelPath p : b.paths()) {
                            useful |= expected.remove(p);
                        }
                        if (useful) {
                            batches++;
                            lastPublished = Math.max(lastPublished, b.publishedAtMillis());
                            lastSeen = System.currentTimeMillis();
                        }
                    }
                }
                System.out.printf("backend=%s files=%d watching_ms=%d touch_ms=%d last_published_ms=%d last_seen_ms=%d"
                                + " batches=%d missing=%d rescanned=%s%n", kind, files.size(), watchingMs, touchedMs,
                        lastPublished - t0, lastSeen - t0, batches, expected.size(), rescanned);
            }
        }
    }

    private static int freePortPair() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = a.getLocalPort();
                try (ServerSocket b = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (java.io.IOException taken) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("no two free adjacent ports");
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

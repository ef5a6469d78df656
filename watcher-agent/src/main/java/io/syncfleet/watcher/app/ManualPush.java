package io.syncfleet.watcher.app;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.watcher.domain.BatchSplitter;
import io.syncfleet.watcher.domain.Coalescer;
import io.syncfleet.watcher.domain.PartitionedBatch;
import io.syncfleet.watcher.domain.PushPathPolicy;
import io.syncfleet.watcher.domain.PushPathPolicy.Accepted;
import io.syncfleet.watcher.domain.PushPathPolicy.Decision;
import io.syncfleet.watcher.domain.PushPathPolicy.Rejected;
import io.syncfleet.watcher.domain.WatchRoots;
import io.syncfleet.watcher.domain.Window;
import io.syncfleet.watcher.fs.SourceTreeFacts;
import io.syncfleet.watcher.kafka.ChangePublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes paths by hand (the seed's addPathAPI): {@code syncfleet push} and {@code POST /push}. Every
 * path is checked by {@link PushPathPolicy} against {@code source.baseDir}, {@code source.paths},
 * {@code source.exclude} and the tree on disk; when any is refused nothing is sent. Accepted paths are
 * published to {@code changes} like a watcher window: files (and paths that are gone) as changed paths,
 * directories as a RESCAN of that directory, split per partition by the watcher's {@link BatchSplitter}
 * and sent by its {@link ChangePublisher}. Returns once the broker acknowledged every batch.
 *
 * <p>Thread-safe: each push uses its own publisher. The producer belongs to the caller.
 */
public final class ManualPush {

    static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(ManualPush.class);

    /** What was sent. */
    public record Outcome(String batchId, List<RelPath> changed, List<RelPath> rescans, long batches) {
        public int paths() {
            return changed.size() + rescans.size();
        }
    }

    private final PushPathPolicy policy;
    private final SourceTreeFacts facts;
    private final WatchRoots roots;
    private final Topics topics;
    private final Producer<String, ChangeBatch> producer;
    private final Clock clock;
    private final String sender;

    /**
     * @param sender names the pusher in the batches' {@code watcher} field, e.g. {@code push@host}
     * @throws WatcherException when {@code source.exclude} is bad
     */
    public ManualPush(SyncfleetConfig config, Topics topics, Producer<String, ChangeBatch> producer, Clock clock,
                      String sender) {
        this.roots = WatchRoots.of(config.source().paths());
        this.policy = policyOf(config);
        this.facts = new SourceTreeFacts(config.source().baseDir());
        this.topics = Objects.requireNonNull(topics, "topics");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * Checks {@code given} against the config and the tree, without Kafka: for a command line that
     * should refuse bad paths before it connects.
     *
     * @throws PushRejectedException when any path may not be sent
     * @throws WatcherException when there is no path, or {@code source.exclude} is bad
     */
    public static List<Accepted> check(SyncfleetConfig config, List<byte[]> given) {
        return check(policyOf(config), new SourceTreeFacts(config.source().baseDir()), given);
    }

    private static List<Accepted> check(PushPathPolicy policy, SourceTreeFacts facts, List<byte[]> given) {
        if (given.isEmpty()) {
            throw new WatcherException("push: no paths given; name them, or give --from-file");
        }
        List<Rejected> rejected = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>();
        for (Decision d : policy.decide(given, facts)) {
            if (d instanceof Rejected r) {
                rejected.add(r);
            } else {
                accepted.add((Accepted) d);
            }
        }
        if (!rejected.isEmpty()) {
            log.info("push of [{}] paths refused: {}", given.size(), rejected.stream().map(Rejected::line).toList());
            throw new PushRejectedException(rejected);
        }
        return accepted;
    }

    private static PushPathPolicy policyOf(SyncfleetConfig config) {
        return new PushPathPolicy(BaseDirPaths.rawBytes(config.source().baseDir().toAbsolutePath()),
                WatchRoots.of(config.source().paths()), WatcherAgent.excludeFilter(config.source()));
    }

    /**
     * Checks every path, then publishes them all.
     *
     * @throws PushRejectedException when any path may not be sent (nothing is sent)
     * @throws WatcherException when there is no path, or the broker did not acknowledge in time
     */
    public Outcome push(List<byte[]> given) throws InterruptedException {
        List<Accepted> accepted = check(policy, facts, given);
        long now = clock.millis();
        Coalescer windows = new Coalescer(Duration.ZERO, Coalescer.DEFAULT_MAX_PATHS);
        accepted.stream().filter(Accepted::directory).map(Accepted::path)
                .sorted(Comparator.comparingInt(RelPath::length)).forEach(dir -> windows.rescan(dir, now));
        accepted.stream().filter(a -> !a.directory()).forEach(a -> windows.add(a.path(), now));
        BatchSplitter splitter = new BatchSplitter(topics.partitions(Topics.CHANGES), BatchSplitter.DEFAULT_MAX_BATCH_BYTES);
        ChangePublisher publisher = new ChangePublisher(producer, topics.name(Topics.CHANGES), roots, clock, () -> { });
        List<RelPath> changed = new ArrayList<>();
        List<RelPath> rescans = new ArrayList<>();
        String batchId = null;
        long batches = 0;
        for (Window w : windows.drainAll()) {
            batchId = batchId == null ? w.batchId() : batchId;
            changed.addAll(w.changed());
            rescans.addAll(w.rescans());
            List<PartitionedBatch> split = splitter.split(w, clock.millis(), sender);
            batches += split.size();
            publisher.publish(split);
        }
        if (!publisher.awaitInFlight(ACK_TIMEOUT) || publisher.failedSends() > 0) {
            throw new WatcherException("push: Kafka did not acknowledge the [" + batches + "] batches within ["
                    + ACK_TIMEOUT.toSeconds() + "] s; check the broker (bin/syncfleet status) and push again");
        }
        log.info("pushed by hand: [{}] changed paths and a RESCAN of {} in batch [{}] ([{}] batches)", changed.size(),
                rescans, batchId, batches);
        return new Outcome(batchId, List.copyOf(changed), List.copyOf(rescans), batches);
    }
}

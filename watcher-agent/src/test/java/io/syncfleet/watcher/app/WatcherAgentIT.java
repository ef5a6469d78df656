package io.syncfleet.watcher.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.ChangePartitioner;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.ChangesTopic;
import io.syncfleet.watcher.TestConfigs;
import io.syncfleet.watcher.fs.FanotifyWatchBackend;
import io.syncfleet.watcher.fs.InotifyWatchBackend;
import io.syncfleet.watcher.fs.JdkWatchBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole watcher on real inotify and the embedded broker, read back with a plain consumer. */
class WatcherAgentIT {

    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final RelPath WWW = RelPath.of("www");
    private static final RelPath DOCS = RelPath.of("docs");

    @TempDir
    Path base;
    private ChangesTopic changes;
    private WatcherAgent agent;
    private List<ConsumerRecord<String, ChangeBatch>> records = List.of();

    @BeforeEach
    void startAgent() {
        TestTrees.write(base, "www/index.html", "home");
        TestTrees.write(base, "www/.git/config", "git");
        TestTrees.write(base, "docs/readme", "docs");
        changes = new ChangesTopic(PARTITIONS);
        SyncfleetConfig config = TestConfigs.watcher(changes.kafkaConfig(), base, List.of(WWW, DOCS),
                List.of("*.git", "*.tmp"), Duration.ofMillis(20));
        agent = new WatcherAgent(config, changes.topics, changes.producer, Clock.systemUTC(), "it-host");
        agent.start();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (changes != null) {
            changes.close();
        }
    }

    private List<ConsumerRecord<String, ChangeBatch>> poll() {
        records = changes.poll();
        return records;
    }

    private Set<RelPath> paths(ChangeKind kind) {
        return poll().stream().map(ConsumerRecord::value).filter(b -> b.kind() == kind)
                .flatMap(b -> b.paths().stream()).collect(Collectors.toSet());
    }

    @Test
    void publishesTheInitialRescanThenChangesWithConsistentKeysAndPartitions() throws Exception {
        await().atMost(WAIT).until(() -> paths(ChangeKind.RESCAN).equals(Set.of(WWW, DOCS)));

        TestTrees.write(base, "www/new.html", "new");
        TestTrees.write(base, "www/skip.tmp", "excluded");
        byte[] odd = TestTrees.nonUtf8Name("-odd name\n");
        TestTrees.write(TestTrees.child(base.resolve("docs"), odd), "odd");
        Process mkdir = new ProcessBuilder("sh", "-c", "mkdir -p www/a/b/c && echo x > www/a/b/c/f")
                .directory(base.toFile()).start();
        assertTrue(mkdir.waitFor(30, TimeUnit.SECONDS) && mkdir.exitValue() == 0);

        Set<RelPath> expected = Set.of(RelPath.of("www/new.html"), DOCS.resolve(odd), RelPath.of("www/a"),
                RelPath.of("www/a/b"), RelPath.of("www/a/b/c"), RelPath.of("www/a/b/c/f"));
        await().atMost(WAIT).until(() -> paths(ChangeKind.CHANGE).containsAll(expected));
        assertTrue(paths(ChangeKind.CHANGE).stream().noneMatch(p -> p.toString().endsWith(".tmp")
                || p.toString().contains(".git")), "excluded paths were published: " + paths(ChangeKind.CHANGE));

        for (ConsumerRecord<String, ChangeBatch> r : records) {
            ChangeBatch b = r.value();
            if (b.kind() == ChangeKind.HEARTBEAT) {
                assertEquals(null, r.key(), "a heartbeat has no path to key by");
                assertEquals(List.of(), b.paths());
                continue;
            }
            assertEquals(b.paths().get(0), RelPath.decode(r.key()), "key is the first path");
            for (RelPath p : b.paths()) {
                assertEquals(ChangePartitioner.partitionOf(p, PARTITIONS), r.partition(), () -> p + " in " + r);
            }
            assertEquals("it-host", b.watcher());
            assertTrue(b.publishedAtMillis() >= b.observedAtMillis());
        }
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            List<ChangeKind> kinds = records.stream().filter(r -> r.partition() == partition)
                    .map(r -> r.value().kind()).toList();
            int firstChange = kinds.indexOf(ChangeKind.CHANGE);
            assertTrue(firstChange < 0 || !kinds.subList(firstChange, kinds.size()).contains(ChangeKind.RESCAN),
                    "the initial RESCAN precedes every change on partition " + p + ": " + kinds);
        }
        long batches = records.stream().filter(r -> r.value().kind() != ChangeKind.HEARTBEAT).count();
        await().atMost(WAIT).until(() -> agent.status().publishedBatches() >= batches);
        String autoChoice = FanotifyWatchBackend.unavailableReason(base).isEmpty() ? FanotifyWatchBackend.NAME
                : InotifyWatchBackend.unavailableReason().isEmpty() ? InotifyWatchBackend.NAME : JdkWatchBackend.NAME;
        assertEquals(autoChoice, agent.status().backend(), "watch.backend auto");
        // www, www/a, www/a/b, www/a/b/c, docs (fanotify counts them in the background)
        await().atMost(WAIT).until(() -> agent.status().watchedDirectories() == 5);
    }

    @Test
    void heartbeatsReachEveryPartitionAndTheStatus() {
        await().atMost(WAIT).until(() -> poll().stream().filter(r -> r.value().kind() == ChangeKind.HEARTBEAT)
                .map(ConsumerRecord::partition).collect(Collectors.toSet()).size() == PARTITIONS);
        await().atMost(WAIT).until(() -> agent.status().lastHeartbeatMillis() > 0);
        assertTrue(records.stream().filter(r -> r.value().kind() == ChangeKind.HEARTBEAT)
                .allMatch(r -> r.value().watcher().equals("it-host")));
    }

    @Test
    void closePublishesWhatIsPending() {
        await().atMost(WAIT).until(() -> paths(ChangeKind.RESCAN).size() == 2);
        TestTrees.write(base, "docs/last-words", "bye");
        await().atMost(WAIT).until(() -> agent.status().lastEventMillis() > 0);
        agent.close();
        agent = null;
        await().atMost(WAIT).until(() -> paths(ChangeKind.CHANGE).contains(RelPath.of("docs/last-words")));
    }
}

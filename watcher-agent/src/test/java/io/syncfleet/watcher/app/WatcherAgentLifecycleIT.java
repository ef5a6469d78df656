package io.syncfleet.watcher.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.WatchBackendType;
import io.syncfleet.common.config.WatchConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.ChangePartitioner;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.TestConfigs;
import io.syncfleet.watcher.domain.PathEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's lifecycle and decisions on a scripted backend and a MockProducer: no broker, no inotify. */
class WatcherAgentLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int PARTITIONS = 4;
    private static final RelPath TEMPLATE = RelPath.of("template");
    private static final RelPath RESOURCE = RelPath.of("resource");

    @TempDir
    Path base;
    private final Topics topics = new Topics("life", PARTITIONS);
    private final ScriptedBackend backend = new ScriptedBackend();
    private MockProducer<String, ChangeBatch> producer = autoCompleting();
    private WatcherAgent agent;

    private static MockProducer<String, ChangeBatch> autoCompleting() {
        return new MockProducer<>(true, null, new StringSerializer(), Topics.CHANGES.valueSerde().serializer());
    }

    @BeforeEach
    void tree() {
        TestTrees.mkdirs(base.resolve("template/sub"));
        TestTrees.mkdirs(base.resolve("resource"));
    }

    @AfterEach
    void close() {
        if (agent != null) {
            agent.close();
        }
    }

    private SyncfleetConfig config(List<RelPath> paths, Duration delay) {
        WatchConfig noHeartbeats = new WatchConfig(delay, WatchBackendType.AUTO, false, null,
                WatchConfig.DEFAULT_CHECKPOINT, Duration.ZERO, Duration.ZERO);
        return TestConfigs.watcher(TestConfigs.kafka("life", PARTITIONS), base, paths, List.of("*.tmp"), noHeartbeats);
    }

    private WatcherAgent start(List<RelPath> paths, Duration delay) {
        agent = new WatcherAgent(config(paths, delay), topics, producer, Clock.systemUTC(), "host-1", backend);
        agent.start();
        return agent;
    }

    private List<ChangeBatch> sent(ChangeKind kind) {
        return producer.history().stream().map(ProducerRecord::value).filter(b -> b.kind() == kind).toList();
    }

    private boolean rescanned(RelPath root) {
        return sent(ChangeKind.RESCAN).stream().anyMatch(b -> b.paths().equals(List.of(root)));
    }

    private Set<RelPath> changedPaths() {
        return sent(ChangeKind.CHANGE).stream().flatMap(b -> b.paths().stream()).collect(Collectors.toSet());
    }

    @Test
    void startPublishesARescanOfEveryRootOnItsPartition() {
        start(List.of(TEMPLATE, RESOURCE, RelPath.of("template/sub")), Duration.ofMillis(20));
        assertEquals(List.of(TEMPLATE, RESOURCE), backend.roots(), "nested roots are dropped");
        List<ProducerRecord<String, ChangeBatch>> records = producer.history();
        assertEquals(2, records.size());
        for (ProducerRecord<String, ChangeBatch> r : records) {
            ChangeBatch b = r.value();
            assertEquals(ChangeKind.RESCAN, b.kind());
            assertEquals("life.changes", r.topic());
            assertEquals(ChangePartitioner.partitionOf(b.paths().get(0), PARTITIONS), r.partition());
            assertEquals(b.paths().get(0).encoded(), r.key());
            assertEquals("host-1", b.watcher());
        }
        assertEquals(records.get(0).value().batchId(), records.get(1).value().batchId(), "one window, one id");
        assertEquals(2, agent.status().publishedBatches());
    }

    @Test
    void eventsOfOneWindowArePublishedTogetherOncePerPath() {
        start(List.of(TEMPLATE), Duration.ofMillis(50));
        backend.play(PathEvent.create(RelPath.of("template/a")), PathEvent.modify(RelPath.of("template/a")),
                PathEvent.create(RelPath.of("template/b")), PathEvent.modify(RelPath.of("template/sub/c")));
        await().atMost(WAIT).until(() -> changedPaths().size() == 3);
        List<ChangeBatch> changes = sent(ChangeKind.CHANGE);
        assertEquals(1, changes.stream().map(ChangeBatch::batchId).distinct().count());
        assertEquals(3, changes.stream().mapToInt(b -> b.paths().size()).sum(), "no path twice");
        WatcherStatus s = agent.status();
        assertEquals("scripted", s.backend());
        assertEquals(42, s.watchedDirectories());
        assertTrue(s.lastEventMillis() > 0);
        assertTrue(s.lastPublishMillis() >= s.lastEventMillis());
        assertEquals(1 + changes.size(), s.publishedBatches());
    }

    @Test
    void overflowFromTheBackendIsPublishedAsARescanOfThatDirectory() {
        start(List.of(TEMPLATE), Duration.ofMillis(20));
        RelPath big = RelPath.of("template/sub");
        backend.play(PathEvent.create(RelPath.of("template/sub/x")), PathEvent.overflow(big));
        await().atMost(WAIT).until(() -> rescanned(big));
        assertTrue(changedPaths().isEmpty(), "the rescan covers template/sub/x");
    }

    @Test
    void aBatchLostToANonRetriableErrorBecomesARescanOfItsRoot() {
        producer = new MockProducer<>(false, null, new StringSerializer(), Topics.CHANGES.valueSerde().serializer());
        start(List.of(TEMPLATE, RESOURCE), Duration.ofMillis(20));
        producer.completeNext();
        producer.completeNext();
        backend.play(PathEvent.create(RelPath.of("resource/a")));
        await().atMost(WAIT).until(() -> producer.history().size() == 3);
        producer.errorNext(new RecordTooLargeException("simulated"));
        await().atMost(WAIT).until(() -> producer.history().size() == 4);
        ChangeBatch again = producer.history().get(3).value();
        assertEquals(ChangeKind.RESCAN, again.kind());
        assertEquals(List.of(RESOURCE), again.paths());
        producer.completeNext();
    }

    @Test
    void closePublishesThePendingWindowAndStopsTheBackend() {
        start(List.of(TEMPLATE), Duration.ofHours(1));
        backend.play(PathEvent.delete(RelPath.of("template/gone")));
        agent.close();
        assertEquals(Set.of(RelPath.of("template/gone")), changedPaths());
        assertTrue(backend.closed());
        agent.close(); // idempotent
    }

    @Test
    void aMissingBaseDirIsNamedByItsKey() {
        Path missing = base.resolve("nope");
        agent = new WatcherAgent(TestConfigs.watcher(TestConfigs.kafka("life", 1), missing, List.of(TEMPLATE),
                List.of(), Duration.ofMillis(20)), topics, producer, Clock.systemUTC(), "h", backend);
        WatcherException e = assertThrows(WatcherException.class, agent::start);
        assertEquals("source.baseDir: [" + missing + "] does not exist", e.getMessage());
        assertTrue(backend.closed(), "a failed start leaves nothing running");
    }

    @Test
    void aBaseDirThatIsAFileIsNamedByItsKey() throws IOException {
        Path file = Files.writeString(base.resolve("file"), "x");
        agent = new WatcherAgent(TestConfigs.watcher(TestConfigs.kafka("life", 1), file, List.of(TEMPLATE),
                List.of(), Duration.ofMillis(20)), topics, producer, Clock.systemUTC(), "h", backend);
        assertEquals("source.baseDir: [" + file + "] is not a directory",
                assertThrows(WatcherException.class, agent::start).getMessage());
    }

    @Test
    void aBadRootIsNamedByItsIndex() throws IOException {
        Files.writeString(base.resolve("plain"), "x");
        TestTrees.symlink(base.resolve("link"), "template");
        assertEquals("source.paths[1]: [" + base + "/missing] does not exist", startFailure("missing"));
        assertEquals("source.paths[1]: [" + base + "/plain] is not a directory", startFailure("plain"));
        assertTrue(startFailure("link").startsWith("source.paths[1]: [" + base + "/link] is a symbolic link"));
    }

    private String startFailure(String root) {
        WatcherAgent a = new WatcherAgent(config(List.of(TEMPLATE, RelPath.of(root)), Duration.ofMillis(20)), topics,
                producer, Clock.systemUTC(), "h", new ScriptedBackend());
        return assertThrows(WatcherException.class, a::start).getMessage();
    }

    @Test
    void aBackendThatCannotStartGivesOneLine() {
        backend.failOnStart(new IOException("inotify watch limit reached after [7] directories"));
        WatcherException e = assertThrows(WatcherException.class, () -> start(List.of(TEMPLATE), Duration.ofMillis(20)));
        assertTrue(e.getMessage().contains("inotify watch limit reached"), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot watch [template] under source.baseDir ["), e.getMessage());
    }

    @Test
    void anEmptyExcludePatternIsNamedByItsIndex() {
        SyncfleetConfig bad = TestConfigs.watcher(TestConfigs.kafka("life", 1), base, List.of(TEMPLATE),
                List.of("*.tmp", ""), Duration.ofMillis(20));
        WatcherException e = assertThrows(WatcherException.class,
                () -> new WatcherAgent(bad, topics, producer, Clock.systemUTC(), "h"));
        assertTrue(e.getMessage().startsWith("source.exclude[1]: "), e.getMessage());
    }

    @Test
    void startTwiceIsRefused() {
        start(List.of(TEMPLATE), Duration.ofMillis(20));
        assertThrows(IllegalStateException.class, agent::start);
        assertEquals(new HashSet<>(List.of(TEMPLATE)), new HashSet<>(agent.roots()));
    }
}

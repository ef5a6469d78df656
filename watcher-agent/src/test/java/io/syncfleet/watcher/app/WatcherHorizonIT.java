package io.syncfleet.watcher.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.WatchBackendType;
import io.syncfleet.common.config.WatchConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.watcher.TestConfigs;
import io.syncfleet.watcher.domain.PathEvent;
import io.syncfleet.watcher.fs.InotifyWatchBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The horizon the manifest is saved with only moves when nothing seen is still unacknowledged: the
 * broker's acknowledgements are played by hand ({@link MockProducer}), the backend's drained time too.
 */
class WatcherHorizonIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final RelPath WWW = RelPath.of("www");

    @TempDir
    Path base;
    @TempDir
    Path state;
    private final ScriptedBackend backend = new ScriptedBackend();
    private final MockProducer<String, ChangeBatch> producer = new MockProducer<>(false, null, new StringSerializer(),
            Topics.CHANGES.valueSerde().serializer());
    private WatcherAgent agent;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(InotifyWatchBackend.unavailableReason().isEmpty(), "the tree walk needs JNA");
        TestTrees.write(base, "www/a", "a");
        WatchConfig watch = new WatchConfig(Duration.ofMillis(10), WatchBackendType.AUTO, false, state,
                Duration.ofHours(1), Duration.ZERO, Duration.ZERO);
        SyncfleetConfig config = TestConfigs.watcher(TestConfigs.kafka("horizon", 1), base, List.of(WWW), List.of(),
                watch);
        backend.drainedUpTo(1_000);
        agent = new WatcherAgent(config, new Topics("horizon", 1), producer, Clock.systemUTC(), "h", backend);
        agent.start();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            while (producer.completeNext()) {
                // acknowledge what is left so that close does not wait
            }
            agent.close();
        }
    }

    @Test
    void theHorizonWaitsForEveryAcknowledgement() {
        assertEquals(1, producer.history().size(), "the RESCAN of the first start");
        assertEquals(0, agent.quietHorizon(), "the RESCAN is not acknowledged yet");
        producer.completeNext();
        assertEquals(1_000, agent.quietHorizon());

        backend.play(PathEvent.modify(RelPath.of("www/a")));
        backend.drainedUpTo(2_000);
        assertEquals(1_000, agent.quietHorizon(), "an event waits in the coalescer");
        await().atMost(WAIT).until(() -> producer.history().size() == 2);
        assertEquals(1_000, agent.quietHorizon(), "its batch is in flight");
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("simulated"));
        assertEquals(1_000, agent.quietHorizon(), "its batch waits to be sent again");
        await().atMost(WAIT).until(() -> producer.history().size() == 3);
        producer.completeNext();
        assertEquals(2_000, agent.quietHorizon());
    }
}

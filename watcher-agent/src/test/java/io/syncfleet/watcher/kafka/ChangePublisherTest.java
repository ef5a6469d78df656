package io.syncfleet.watcher.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.ManualClock;
import io.syncfleet.watcher.domain.PartitionedBatch;
import io.syncfleet.watcher.domain.WatchRoots;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ChangePublisherTest {

    private static final String TOPIC = "p.changes";
    private static final RelPath TEMPLATE = RelPath.of("template");
    private static final RelPath RESOURCE = RelPath.of("resource");

    private final ManualClock clock = new ManualClock(50_000);
    private final MockProducer<String, ChangeBatch> producer =
            new MockProducer<>(false, null, new StringSerializer(), Topics.CHANGES.valueSerde().serializer());
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final ChangePublisher publisher = new ChangePublisher(producer, TOPIC,
            WatchRoots.of(List.of(TEMPLATE, RESOURCE)), clock, wakeUps::incrementAndGet);

    private static PartitionedBatch batch(int partition, ChangeKind kind, String... paths) {
        List<RelPath> rel = java.util.Arrays.stream(paths).map(RelPath::of).toList();
        return new PartitionedBatch(partition, ChangeBatch.of("b-" + paths[0], kind, rel, 1L, 2L, "w"));
    }

    @Test
    void sendsEachBatchToItsPartitionKeyedByItsFirstPath() {
        PartitionedBatch a = batch(2, ChangeKind.CHANGE, "template/a", "template/b");
        PartitionedBatch b = batch(0, ChangeKind.RESCAN, "resource");
        publisher.publish(List.of(a, b));
        List<ProducerRecord<String, ChangeBatch>> sent = producer.history();
        assertEquals(2, sent.size());
        assertEquals(new ProducerRecord<>(TOPIC, 2, "template/a", a.batch()), sent.get(0));
        assertEquals(new ProducerRecord<>(TOPIC, 0, "resource", b.batch()), sent.get(1));
        assertEquals(0, publisher.publishedBatches(), "nothing counts before the broker acknowledges");
        assertEquals(2, publisher.inFlight());

        clock.advance(Duration.ofMillis(7));
        producer.completeNext();
        producer.completeNext();
        assertEquals(2, publisher.publishedBatches());
        assertEquals(50_007, publisher.lastPublishMillis());
        assertEquals(0, publisher.inFlight());
        assertEquals(Optional.empty(), publisher.takeDue(Long.MAX_VALUE));
        assertEquals(0, wakeUps.get());
    }

    @Test
    void retriableFailureIsSentAgainAfterTheBackOff() {
        PartitionedBatch a = batch(1, ChangeKind.CHANGE, "template/a");
        publisher.publish(List.of(a));
        producer.errorNext(new NotEnoughReplicasException("isr shrank"));
        assertEquals(1, publisher.failedSends());
        assertEquals(1, wakeUps.get());
        assertEquals(OptionalLong.of(50_100), publisher.nextRetryAtMillis());
        assertEquals(Optional.empty(), publisher.takeDue(50_099));
        SendRetry retry = publisher.takeDue(50_100).orElseThrow();
        assertEquals(List.of(a), retry.resend());
        assertEquals(Set.of(), retry.rescanRoots());
        assertEquals(Optional.empty(), publisher.takeDue(60_000), "handed out once");
        assertEquals(OptionalLong.empty(), publisher.nextRetryAtMillis());
    }

    @Test
    void nonRetriableFailureAsksForARescanOfTheRootsTheBatchTouched() {
        publisher.publish(List.of(batch(1, ChangeKind.CHANGE, "template/a/b", "resource/c", "template/d")));
        producer.errorNext(new RecordTooLargeException("too big"));
        SendRetry retry = publisher.takeDue(50_100).orElseThrow();
        assertEquals(List.of(), retry.resend());
        assertEquals(Set.of(TEMPLATE, RESOURCE), retry.rescanRoots());
    }

    @Test
    void aLostRescanIsAskedForAgain() {
        publisher.publish(List.of(batch(1, ChangeKind.RESCAN, "template/sub")));
        producer.errorNext(new RecordTooLargeException("too big"));
        assertEquals(Set.of(RelPath.of("template/sub")), publisher.takeDue(50_100).orElseThrow().rescanRoots());
    }

    @Test
    void backOffDoublesOverConsecutiveFailuresAndResetsOnSuccess() {
        for (int i = 0; i < 4; i++) {
            publisher.publish(List.of(batch(0, ChangeKind.CHANGE, "template/x" + i)));
        }
        producer.errorNext(new NotEnoughReplicasException("1"));
        assertEquals(OptionalLong.of(50_100), publisher.nextRetryAtMillis());
        producer.errorNext(new NotEnoughReplicasException("2"));
        assertEquals(OptionalLong.of(50_200), publisher.nextRetryAtMillis());
        producer.errorNext(new NotEnoughReplicasException("3"));
        assertEquals(OptionalLong.of(50_400), publisher.nextRetryAtMillis());
        producer.completeNext();
        assertEquals(3, publisher.takeDue(50_400).orElseThrow().resend().size());
        publisher.publish(List.of(batch(0, ChangeKind.CHANGE, "template/y")));
        producer.errorNext(new NotEnoughReplicasException("4"));
        assertEquals(OptionalLong.of(50_100), publisher.nextRetryAtMillis());
    }

    @Test
    void backOffStopsGrowingAtItsMaximum() {
        for (int i = 0; i < 30; i++) {
            publisher.publish(List.of(batch(0, ChangeKind.CHANGE, "template/x" + i)));
            producer.errorNext(new NotEnoughReplicasException("n"));
        }
        assertEquals(OptionalLong.of(50_000 + ChangePublisher.MAX_BACKOFF_MILLIS), publisher.nextRetryAtMillis());
    }

    @Test
    void aSendThatThrowsCountsAsAFailedSend() {
        producer.close();
        publisher.publish(List.of(batch(0, ChangeKind.CHANGE, "resource/a")));
        assertEquals(1, publisher.failedSends());
        assertEquals(0, publisher.inFlight());
        assertEquals(Set.of(RESOURCE), publisher.takeDue(50_100).orElseThrow().rescanRoots());
    }

    @Test
    void awaitInFlightIsBounded() throws Exception {
        publisher.publish(List.of(batch(0, ChangeKind.CHANGE, "template/a")));
        assertFalse(publisher.awaitInFlight(Duration.ofMillis(20)));
        producer.completeNext();
        assertTrue(publisher.awaitInFlight(Duration.ofSeconds(5)));
    }
}

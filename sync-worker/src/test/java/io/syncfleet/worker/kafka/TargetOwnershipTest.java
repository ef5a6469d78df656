package io.syncfleet.worker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Table rebuild on assignment, live updates and release, driven on the test thread with a MockConsumer. */
class TargetOwnershipTest {

    private static final String TOPIC = "t.targets";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final List<String> events = new ArrayList<>();
    private MockConsumer<String, TargetStatus> consumer;
    private TargetOwnership ownership;

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest");
        ownership = new TargetOwnership(consumer, TOPIC, new TargetOwnership.Listener() {
            @Override
            public void onTarget(String targetId, TargetStatus status) {
                events.add(targetId + "=" + (status == null ? "removed" : status.state()));
            }

            @Override
            public void onReleased(Set<String> targetIds, boolean lost) {
                events.add((lost ? "lost " : "released ") + targetIds);
            }
        });
        ownership.open();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    private void add(TopicPartition tp, long offset, String id, TargetState state) {
        TargetStatus value = state == null ? null : TargetStatus.of(id, "rsync://h/www", state, offset, "test");
        consumer.addRecord(new ConsumerRecord<>(TOPIC, tp.partition(), offset, id, value));
    }

    @Test
    void onlyTheLatestStatusOfEachTargetIsActedUponAfterAnAssignment() {
        consumer.updateEndOffsets(Map.of(P0, 5L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
        assertEquals(2, ownership.ownedPartitions());
        add(P0, 0, "web1", TargetState.READY);
        add(P0, 1, "web2", TargetState.RECOVERY);
        add(P0, 2, "web1", TargetState.DEAD);
        add(P0, 3, "web2", TargetState.READY);
        add(P0, 4, "web3", TargetState.READY);
        add(P0, 5, "web3", null); // beyond the end captured at assignment, but read before the table was handed on

        assertTrue(ownership.turn());

        assertEquals(List.of("web1=DEAD", "web2=READY"), events, "web3 was removed before it could be started");

        add(P0, 6, "web3", TargetState.READY);
        add(P0, 7, "web3", null);
        ownership.turn();
        assertEquals(List.of("web1=DEAD", "web2=READY", "web3=READY", "web3=removed"), events, "live from now on");
    }

    @Test
    void aPartitionIsHandedOnOnlyOnceReadUpToItsEndOffset() {
        consumer.updateEndOffsets(Map.of(P0, 3L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
        add(P0, 0, "web1", TargetState.READY);
        add(P0, 1, "web1", TargetState.DEAD);
        assertTrue(ownership.turn());
        assertEquals(List.of(), events, "offset 2 not read yet");

        add(P0, 2, "web2", TargetState.UNHEALTHY);
        ownership.turn();
        assertEquals(List.of("web1=DEAD", "web2=UNHEALTHY"), events);
    }

    @Test
    void aTombstoneBeforeTheEndMeansTheTargetIsNotOwned() {
        consumer.updateEndOffsets(Map.of(P0, 2L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
        add(P0, 0, "gone", TargetState.READY);
        add(P0, 1, "gone", null);
        ownership.turn();
        assertEquals(List.of(), events);
    }

    @Test
    void revokedPartitionsReleaseTheirTargetsAndLaterRecordsAreIgnored() {
        consumer.updateEndOffsets(Map.of(P0, 1L, P1, 1L));
        consumer.rebalance(List.of(P0, P1));
        add(P0, 0, "web1", TargetState.READY);
        add(P1, 0, "web2", TargetState.READY);
        ownership.turn();
        assertEquals(Set.of("web1=READY", "web2=READY"), Set.copyOf(events));
        events.clear();

        consumer.rebalance(List.of(P1));

        assertEquals(List.of("released [web1]"), events);
        assertEquals(1, ownership.ownedPartitions());
        add(P1, 1, "web2", TargetState.DEAD);
        ownership.turn();
        assertEquals(List.of("released [web1]", "web2=DEAD"), events);
    }
}

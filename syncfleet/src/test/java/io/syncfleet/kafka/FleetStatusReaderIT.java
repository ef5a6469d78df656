package io.syncfleet.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.app.TargetView;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.TopicSpec;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.TestBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fleet view from Kafka: states, lag per target group, and reads again with the same clients. */
class FleetStatusReaderIT {

    private static final int TARGETS = 30;

    private Topics topics;
    private KafkaClients clients;

    private KafkaProducer<byte[], byte[]> producer;
    private Admin admin;

    @BeforeEach
    void setUp() {
        topics = TestBroker.installTopics(TestBroker.uniquePrefix(), 1);
        clients = TestBroker.shared().clients();
        producer = new KafkaProducer<>(clients.producer("fleet-status-it"), new ByteArraySerializer(),
                new ByteArraySerializer());
        admin = clients.createAdmin("fleet-status-it");
    }

    @AfterEach
    void tearDown() {
        producer.close();
        admin.close();
    }

    @Test
    void readsEveryTargetsStateAndLagAndSeesLaterChangesWithTheSameClients() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < TARGETS; i++) {
            status("web" + i, TargetState.READY, t0);
        }
        long stamped = System.currentTimeMillis() - 100_000;
        changes(10, stamped);
        TopicPartition p0 = new TopicPartition(topics.name(Topics.CHANGES), 0);
        Map<String, Long> committedAt = new HashMap<>();
        for (int i = 0; i < TARGETS; i++) {
            committedAt.put("web" + i, (long) (i % 11)); // 10 records: web0 is 10 behind, web10 and web21 none
        }
        commit(committedAt, p0);

        try (FleetStatusReader reader = new FleetStatusReader(clients, topics)) {
            long before = System.currentTimeMillis();
            List<TargetView> first = reader.read();
            long after = System.currentTimeMillis();
            assertEquals(TARGETS, first.size());
            for (TargetView v : first) {
                int i = Integer.parseInt(v.id().substring(3));
                assertEquals("ready", v.state(), v.id());
                assertEquals(10 - i % 11, v.lag(), v.id() + " records behind");
                if (v.lag() == 0) {
                    assertEquals(0, v.lagMillis(), v.id());
                } else { // the age of its oldest record not synced: the one at its committed offset
                    long oldest = stamped + (i % 11) * 1000L;
                    assertTrue(v.lagMillis() >= before - oldest && v.lagMillis() <= after - oldest,
                            v.id() + " lag " + v.lagMillis() + " ms, expected " + (before - oldest) + ".."
                                    + (after - oldest));
                }
            }

            status("web3", TargetState.DEAD, t0 + 1);
            remove("web4");
            changes(5, System.currentTimeMillis());
            commit(Map.of("web0", 15L), p0);
            Map<String, TargetView> second = new HashMap<>();
            reader.read().forEach(v -> second.put(v.id(), v));
            assertEquals(TARGETS - 1, second.size(), "web4 removed");
            assertEquals("dead", second.get("web3").state());
            assertEquals(0, second.get("web0").lag(), "web0 caught up to the new end");
            assertEquals(15 - 1, second.get("web1").lag(), "web1 is 5 records further behind");
            assertEquals(List.of("web3"), new StateChangeReader(reader).recent(10).stream()
                    .filter(c -> c.to().equals("dead")).map(StateChangeReader.StateChange::target).toList());
        }
    }

    @Test
    void aClosedReaderSaysSoInsteadOfReopening() throws Exception {
        FleetStatusReader reader = new FleetStatusReader(clients, topics);
        assertEquals(List.of(), reader.read());
        reader.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, reader::read);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    private void status(String id, TargetState state, long since) throws Exception {
        send(Topics.TARGETS.keySerde().serializer().serialize(null, id), Topics.TARGETS.valueSerde().serializer()
                .serialize(null, TargetStatus.of(id, "rsync://h/" + id, state, since, "test")), Topics.TARGETS);
    }

    private void remove(String id) throws Exception {
        send(Topics.TARGETS.keySerde().serializer().serialize(null, id), null, Topics.TARGETS);
    }

    /** {@code n} change records, one per batch, stamped {@code firstStamp}, then one second later each. */
    private void changes(int n, long firstStamp) throws Exception {
        for (int i = 0; i < n; i++) {
            ChangeBatch b = ChangeBatch.of("b" + i, ChangeKind.CHANGE, List.of(RelPath.of("f" + i)),
                    System.currentTimeMillis(), System.currentTimeMillis(), "test");
            send(null, Topics.CHANGES.valueSerde().serializer().serialize(null, b), Topics.CHANGES,
                    firstStamp + i * 1000L);
        }
    }

    private void send(byte[] key, byte[] value, TopicSpec<?, ?> spec) throws Exception {
        send(key, value, spec, System.currentTimeMillis());
    }

    private void send(byte[] key, byte[] value, TopicSpec<?, ?> spec, long timestamp) throws Exception {
        producer.send(new ProducerRecord<>(topics.name(spec), 0, timestamp, key, value)).get(30, TimeUnit.SECONDS);
    }

    private void commit(Map<String, Long> offsets, TopicPartition tp) throws Exception {
        List<KafkaFuture<Void>> done = new ArrayList<>();
        for (Map.Entry<String, Long> e : offsets.entrySet()) {
            done.add(admin.alterConsumerGroupOffsets(topics.targetGroup(e.getKey()),
                    Map.of(tp, new OffsetAndMetadata(e.getValue()))).all());
        }
        KafkaFuture.allOf(done.toArray(KafkaFuture[]::new)).get(30, TimeUnit.SECONDS);
    }
}

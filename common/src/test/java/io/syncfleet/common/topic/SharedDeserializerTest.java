package io.syncfleet.common.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class SharedDeserializerTest {

    private final Serializer<ChangeBatch> serializer = Topics.valueSerde(Topics.CHANGES).serializer();
    private final AtomicInteger innerCalls = new AtomicInteger();
    private final Deserializer<ChangeBatch> counting = (topic, data) -> {
        innerCalls.incrementAndGet();
        return Topics.valueSerde(Topics.CHANGES).deserializer().deserialize(topic, data);
    };

    private byte[] batch(String id, String... paths) {
        List<RelPath> rel = new ArrayList<>();
        for (String p : paths) {
            rel.add(RelPath.of(p));
        }
        return serializer.serialize("changes", ChangeBatch.of(id, ChangeKind.CHANGE, rel, 1, 2, "w"));
    }

    @Test
    void equalBytesFetchedByDifferentConsumersAreDecodedOnce() {
        SharedDeserializer<ChangeBatch> shared = new SharedDeserializer<>(counting, 1 << 20);
        byte[] fetchedByOne = batch("b1", "site/a.html", "site/b.html");
        byte[] fetchedByTwo = fetchedByOne.clone();

        ChangeBatch first = shared.deserialize("changes", fetchedByOne);
        ChangeBatch second = shared.deserialize("changes", fetchedByTwo);

        assertSame(first, second);
        assertEquals(List.of(RelPath.of("site/a.html"), RelPath.of("site/b.html")), first.paths());
        assertEquals(1, innerCalls.get());
        assertEquals(1, shared.decoded());
        assertEquals(1, shared.shared());
    }

    @Test
    void payloadsThatDifferOnlyInTheMiddleAreNotConfused() {
        SharedDeserializer<ChangeBatch> shared = new SharedDeserializer<>(counting, 1 << 20);
        String[] paths = new String[200];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = "site/page-" + i + ".html";
        }
        byte[] one = batch("b1", paths);
        paths[101] = "site/page-X01.html"; // same length, same ends, one byte apart
        byte[] other = batch("b1", paths);
        assertEquals(one.length, other.length);

        ChangeBatch a = shared.deserialize("changes", one);
        ChangeBatch b = shared.deserialize("changes", other);

        assertNotSame(a, b);
        assertEquals(RelPath.of("site/page-101.html"), a.paths().get(101));
        assertEquals(RelPath.of("site/page-X01.html"), b.paths().get(101));
        assertEquals(2, innerCalls.get());
    }

    @Test
    void theLeastRecentlyUsedPayloadsGoBeyondTheBound() {
        byte[] one = batch("b1", "site/a.html");
        byte[] two = batch("b2", "site/a.html");
        byte[] three = batch("b3", "site/a.html");
        SharedDeserializer<ChangeBatch> shared = new SharedDeserializer<>(counting, one.length + two.length);

        shared.deserialize("changes", one);
        shared.deserialize("changes", two);
        shared.deserialize("changes", one.clone()); // one is now the most recently used
        shared.deserialize("changes", three); // evicts two
        assertEquals(3, innerCalls.get());
        assertEquals(one.length + three.length, shared.cachedBytes());

        shared.deserialize("changes", one.clone());
        assertEquals(3, innerCalls.get());
        shared.deserialize("changes", two.clone());
        assertEquals(4, innerCalls.get());
    }

    @Test
    void aPayloadLargerThanTheBoundIsDecodedEachTimeAndNotKept() {
        byte[] big = batch("b1", "site/a.html");
        SharedDeserializer<ChangeBatch> shared = new SharedDeserializer<>(counting, big.length - 1);

        shared.deserialize("changes", big);
        shared.deserialize("changes", big.clone());

        assertEquals(2, innerCalls.get());
        assertEquals(0, shared.cachedBytes());
    }

    @Test
    void failuresAndTombstonesAreNotKept() {
        SharedDeserializer<ChangeBatch> shared = new SharedDeserializer<>(counting, 1 << 20);
        byte[] garbage = "{not json".getBytes();

        assertThrows(SerializationException.class, () -> shared.deserialize("changes", garbage));
        assertThrows(SerializationException.class, () -> shared.deserialize("changes", garbage.clone()));
        assertNull(shared.deserialize("changes", null));

        assertEquals(3, innerCalls.get());
        assertEquals(0, shared.cachedBytes());
    }

    @Test
    void consumersOnManyThreadsGetEqualValuesAndDecodeFarLessThanTheyRead() throws Exception {
        SharedDeserializer<ChangeBatch> shared = new SharedDeserializer<>(counting, 1 << 20);
        List<byte[]> log = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            log.add(batch("b" + i, "site/p" + i + ".html"));
        }
        int consumers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(consumers);
        try {
            List<Future<List<ChangeBatch>>> reads = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                reads.add(pool.submit(() -> {
                    List<ChangeBatch> got = new ArrayList<>();
                    for (byte[] record : log) {
                        got.add(shared.deserialize("changes", record.clone()));
                    }
                    return got;
                }));
            }
            for (Future<List<ChangeBatch>> read : reads) {
                List<ChangeBatch> got = read.get();
                for (int i = 0; i < log.size(); i++) {
                    assertEquals("b" + i, got.get(i).batchId());
                    assertEquals(List.of(RelPath.of("site/p" + i + ".html")), got.get(i).paths());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(consumers * log.size(), shared.decoded() + shared.shared());
        // two consumers may decode the same payload at the same moment, but not all of them each time
        assertTrue(shared.decoded() < (long) consumers * log.size(), "decoded " + shared.decoded());
    }
}

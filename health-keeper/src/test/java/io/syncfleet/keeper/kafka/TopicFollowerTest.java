package io.syncfleet.keeper.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The followers' poll loop, run on the test thread with Kafka's MockConsumer; the handler ends it. */
class TopicFollowerTest {

    private static final String TOPIC = "t.reports";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    private final List<String> handled = new ArrayList<>();
    private final List<String> setUp = new ArrayList<>();
    private TopicFollower<String> follower;

    @BeforeEach
    void assign() {
        consumer.assign(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        follower = new TopicFollower<>(consumer, TOPIC, "report", () -> setUp.add("before first poll"), records -> {
            assertFalse(records.isEmpty(), "only non-empty polls are handed over");
            for (ConsumerRecord<String, String> r : records) {
                handled.add(r.value());
            }
            follower.stop();
        });
    }

    private void add(long offset, String value) {
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, "k", value));
    }

    @Test
    void setUpRunsFirstThenNonEmptyBatchesGoToTheHandlerUntilStopAndTheConsumerIsClosed() {
        consumer.scheduleNopPollTask();
        consumer.schedulePollTask(() -> {
            add(0, "a");
            add(1, "b");
        });
        follower.run();
        assertEquals(List.of("before first poll"), setUp);
        assertEquals(List.of("a", "b"), handled);
        assertTrue(consumer.closed());
    }

    @Test
    void anUnreadableRecordIsSkipped() {
        add(5, "unreadable");
        add(6, "next");
        consumer.seek(P0, 5);
        consumer.setPollException(new RecordDeserializationException(P0, 5, "bad bytes", null));
        follower.run();
        assertEquals(List.of("next"), handled);
        assertTrue(consumer.closed());
    }

    @Test
    void anyOtherKafkaErrorIsLoggedAndPollingGoesOn() {
        add(0, "after the error");
        consumer.setPollException(new KafkaException("broker gone"));
        follower.run();
        assertEquals(List.of("after the error"), handled);
    }

    @Test
    void aWakeupWithoutStopIsNotSwallowed() {
        consumer.wakeup();
        assertThrows(WakeupException.class, follower::run);
        assertTrue(consumer.closed());
    }

    @Test
    void anInterruptedHandlerEndsTheLoopWithTheInterruptKept() {
        TopicFollower<String> interrupted = new TopicFollower<>(consumer, TOPIC, "request", () -> { }, records -> {
            throw new InterruptedException("keeper stopping");
        });
        add(0, "a");
        interrupted.run();
        assertTrue(Thread.interrupted(), "the interrupt is kept");
        assertTrue(consumer.closed());
        assertTrue(interrupted.running(), "ended by the interrupt, not by stop");
    }
}

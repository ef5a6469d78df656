package io.syncfleet.kafka;

import io.syncfleet.app.TargetView;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.kafka.TopicPartitions;
import io.syncfleet.common.topic.TopicSpec;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Builds the fleet status from Kafka alone, so that any host can ask: target states from the
 * {@code targets} topic, lag from each target's consumer group, and the last sync and error from the
 * tail of the {@code reports} topic.
 *
 * <p>One reader keeps two consumers (no group: one reads, one looks up single timestamps) and one admin
 * client for all its reads, made at first use: a node's {@code /status}, its gauges and
 * {@code status --watch} ask again and again, and opening clients was most of each read's cost. The
 * committed offsets of every target's group come from one request, not one per target. Reads are
 * serialized (a consumer serves one thread at a time).
 */
public final class FleetStatusReader implements AutoCloseable {

    /** Reports read per partition from the end of {@code reports}. */
    private static final int REPORT_TAIL = 2000;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final KafkaClients clients;
    private final Topics topics;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaConsumer<byte[], byte[]> stamps;
    private Admin admin;
    private boolean closed;

    public FleetStatusReader(KafkaClients clients, Topics topics) {
        this.clients = clients;
        this.topics = topics;
    }

    /** One read with clients opened for it and closed after it, for commands that ask once. */
    public static List<TargetView> readOnce(KafkaClients clients, Topics topics) throws Exception {
        try (FleetStatusReader r = new FleetStatusReader(clients, topics)) {
            return r.read();
        }
    }

    public synchronized List<TargetView> read() throws Exception {
        Map<String, TargetStatus> states = new HashMap<>();
        for (ConsumerRecord<String, TargetStatus> r : tail(Topics.TARGETS, Long.MAX_VALUE)) {
            if (r.value() == null) {
                states.remove(r.key());
            } else {
                states.put(r.key(), r.value());
            }
        }
        Map<String, SyncReport> lastOk = new HashMap<>();
        Map<String, SyncReport> lastFailure = new HashMap<>();
        for (ConsumerRecord<String, SyncReport> r : tail(Topics.REPORTS, REPORT_TAIL)) {
            SyncReport rep = r.value();
            if (rep == null) {
                continue;
            }
            Map<String, SyncReport> into = rep.outcome() == SyncOutcome.OK ? lastOk : lastFailure;
            into.merge(rep.targetId(), rep, (a, b) -> a.finishedAtMillis() >= b.finishedAtMillis() ? a : b);
        }
        Map<String, long[]> lags = lags(states.keySet());
        List<TargetView> out = new ArrayList<>();
        for (TargetStatus s : states.values()) {
            SyncReport ok = lastOk.get(s.targetId());
            SyncReport bad = lastFailure.get(s.targetId());
            String error = bad != null && (ok == null || bad.finishedAtMillis() > ok.finishedAtMillis())
                    ? bad.message() : null;
            long[] lag = lags.getOrDefault(s.targetId(), new long[] {-1, 0});
            out.add(new TargetView(s.targetId(), s.url(), s.state().name().toLowerCase(java.util.Locale.ROOT),
                    s.sinceMillis(), s.reason(), lag[0], lag[1], ok == null ? 0 : ok.finishedAtMillis(), error));
        }
        out.sort(Comparator.comparing(TargetView::id));
        return out;
    }

    /** Records of a topic: all of them, or the last {@code perPartition} of each partition. */
    synchronized <V> List<ConsumerRecord<String, V>> tail(TopicSpec<String, V> spec, long perPartition) {
        String topic = topics.name(spec);
        KafkaConsumer<byte[], byte[]> c = consumer();
        List<TopicPartition> parts = partitions(c, topic);
        c.assign(parts);
        Map<TopicPartition, Long> begin = c.beginningOffsets(parts, TIMEOUT);
        Map<TopicPartition, Long> end = c.endOffsets(parts, TIMEOUT);
        for (TopicPartition tp : parts) {
            long from = perPartition == Long.MAX_VALUE ? begin.get(tp)
                    : Math.max(begin.get(tp), end.get(tp) - perPartition);
            c.seek(tp, from);
        }
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    out.add(typed(spec, r));
                }
            }
        }
        c.assign(List.of());
        return out;
    }

    private static <V> ConsumerRecord<String, V> typed(TopicSpec<String, V> spec, ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? null : spec.keySerde().deserializer().deserialize(r.topic(), r.key());
        V value = r.value() == null ? null : spec.valueSerde().deserializer().deserialize(r.topic(), r.value());
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                r.serializedKeySize(), r.serializedValueSize(), key, value, r.headers(), r.leaderEpoch());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        return TopicPartitions.of(c, topic, TIMEOUT);
    }

    /** Per target: {records behind, age in ms of the oldest record not yet synced}. */
    private Map<String, long[]> lags(Collection<String> targetIds) throws Exception {
        Map<String, long[]> out = new HashMap<>();
        if (targetIds.isEmpty()) {
            return out;
        }
        String topic = topics.name(Topics.CHANGES);
        KafkaConsumer<byte[], byte[]> c = consumer();
        List<TopicPartition> parts = partitions(c, topic);
        Map<TopicPartition, Long> begin = c.beginningOffsets(parts, TIMEOUT);
        Map<TopicPartition, Long> end = c.endOffsets(parts, TIMEOUT);
        Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
        for (String id : targetIds) {
            groups.put(topics.targetGroup(id), new ListConsumerGroupOffsetsSpec().topicPartitions(parts));
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = admin().listConsumerGroupOffsets(groups)
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long now = System.currentTimeMillis();
        Map<TopicPartition, Map<Long, Long>> timestamps = new HashMap<>();
        for (String id : targetIds) {
            Map<TopicPartition, OffsetAndMetadata> mine = committed.getOrDefault(topics.targetGroup(id), Map.of());
            long records = 0;
            long oldest = Long.MAX_VALUE;
            for (TopicPartition tp : parts) {
                OffsetAndMetadata o = mine.get(tp);
                long from = Math.max(begin.get(tp), o == null ? 0 : o.offset());
                long behind = end.get(tp) - from;
                if (behind > 0) {
                    records += behind;
                    oldest = Math.min(oldest, timestamps.computeIfAbsent(tp, k -> new HashMap<>())
                            .computeIfAbsent(from, at -> timestampAt(stamps(), tp, at)));
                }
            }
            out.put(id, new long[] {records, oldest == Long.MAX_VALUE ? 0 : Math.max(0, now - oldest)});
        }
        if (stamps != null) {
            stamps.assign(List.of());
        }
        return out;
    }

    /** The timestamp of the first record at or after {@code offset}, or now when none arrives in time. */
    private static long timestampAt(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long offset) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                return r.timestamp();
            }
        }
        return System.currentTimeMillis();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            // Each seek discards the fetch in flight and waits for it: at the log's end the broker holds a fetch
            // up to fetch.max.wait.ms (500 ms by default), which made every lagging target cost half a second.
            consumer = open("syncfleet-status", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10));
        }
        return consumer;
    }

    /**
     * A consumer that fetches as little as the broker allows (the one record batch at the offset), for
     * {@link #timestampAt}: with the reading consumer's fetch sizes each lookup fetched and parsed up to
     * a megabyte of change records per lagging partition, every refresh of the gauges (10% of syncfleet's
     * CPU samples with 10 targets behind).
     */
    private KafkaConsumer<byte[], byte[]> stamps() {
        if (stamps == null) {
            stamps = open("syncfleet-status-stamps", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10));
        }
        return stamps;
    }

    private KafkaConsumer<byte[], byte[]> open(String clientId, Map<String, Object> overrides) {
        if (closed) {
            throw new IllegalStateException("the fleet status reader is closed");
        }
        Map<String, Object> props = clients.consumer(clientId, null);
        props.putAll(overrides);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Admin admin() {
        if (admin == null) {
            admin = clients.createAdmin("syncfleet-status");
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
        if (stamps != null) {
            stamps.close(Duration.ofSeconds(5));
            stamps = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}

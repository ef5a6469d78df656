package io.syncfleet.kafka;

import io.syncfleet.app.TargetView;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.TopicSpec;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Builds the fleet status from Kafka alone, so that any host can ask: target states from the
 * {@code targets} topic, lag from each target's consumer group, and the last sync and error from the
 * tail of the {@code reports} topic.
 */
public final class FleetStatusReader {

    /** Reports read per partition from the end of {@code reports}. */
    private static final int REPORT_TAIL = 2000;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final KafkaClients clients;
    private final Topics topics;

    public FleetStatusReader(KafkaClients clients, Topics topics) {
        this.clients = clients;
        this.topics = topics;
    }

    public List<TargetView> read() throws Exception {
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

    /** The last {@code perPartition} records of each partition of a topic ({@code Long.MAX_VALUE}: all). */
    <V> List<ConsumerRecord<String, V>> tail(TopicSpec<String, V> spec, long perPartition) {
        String topic = topics.name(spec);
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(clients.consumer("syncfleet-status", null),
                spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(parts);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
            for (TopicPartition tp : parts) {
                long from = perPartition == Long.MAX_VALUE ? begin.get(tp)
                        : Math.max(begin.get(tp), end.get(tp) - perPartition);
                consumer.seek(tp, from);
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Per target: {records behind, age in ms of the oldest record not yet synced}. */
    private Map<String, long[]> lags(Iterable<String> targetIds) throws Exception {
        Map<String, long[]> out = new HashMap<>();
        String topic = topics.name(Topics.CHANGES);
        try (Admin admin = clients.createAdmin("syncfleet-status");
             var consumer = new KafkaConsumer<>(clients.consumer("syncfleet-status-lag", null),
                     Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
            long now = System.currentTimeMillis();
            for (String id : targetIds) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(topics.targetGroup(id)).partitionsToOffsetAndMetadata()
                        .get(15, TimeUnit.SECONDS);
                long records = 0;
                long oldest = Long.MAX_VALUE;
                for (TopicPartition tp : parts) {
                    OffsetAndMetadata c = committed.get(tp);
                    long from = Math.max(begin.get(tp), c == null ? 0 : c.offset());
                    long behind = end.get(tp) - from;
                    if (behind > 0) {
                        records += behind;
                        oldest = Math.min(oldest, timestampAt(consumer, tp, from));
                    }
                }
                out.put(id, new long[] {records, oldest == Long.MAX_VALUE ? 0 : Math.max(0, now - oldest)});
            }
        }
        return out;
    }

    /** The timestamp of the first record at or after {@code offset}, or now when none arrives in time. */
    private static long timestampAt(KafkaConsumer<String, ?> consumer, TopicPartition tp, long offset) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, ?> r : consumer.poll(Duration.ofMillis(100))) {
                return r.timestamp();
            }
        }
        return System.currentTimeMillis();
    }
}

package io.syncfleet.bench;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.kafka.TopicPartitions;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.TopicSpec;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where syncfleet's time goes, from the records it writes anyway: each change batch carries when its
 * first event was seen and when it was published; each sync report carries when the sync started and
 * ended. Read back after a phase and matched to the bench's own write and arrival times, they split
 * every sample into stages (millisecond timestamps, so each stage is +-1 ms; medians over the samples).
 */
final class PipelineTrace {

    /** One measured write: its path below baseDir, wall-clock write time and arrival (ms). */
    record Sample(String path, long writeMillis, long arrivalMillis) {
    }

    static final String[] STAGES = {
        "write -> watcher saw it (inotify, watcher thread)",
        "seen -> published (coalescing window, batch split, producer send)",
        "published -> first rsync started (Kafka produce, fetch, poll, plan)",
        "first rsync started -> last target's rsync done (spawn, rsync, exit)",
        "rsync done -> bench saw the file (inotify on the target)",
    };

    private final List<ChangeBatch> batches = new ArrayList<>();
    private final List<SyncReport> reports = new ArrayList<>();

    private PipelineTrace() {
    }

    static PipelineTrace read(KafkaClients clients, Topics topics) {
        PipelineTrace t = new PipelineTrace();
        t.batches.addAll(readAll(clients, topics.name(Topics.CHANGES), Topics.CHANGES));
        t.reports.addAll(readAll(clients, topics.name(Topics.REPORTS), Topics.REPORTS));
        return t;
    }

    /** Assigns every partition of {@code topic} to {@code c} (no group), from its beginning; returns them. */
    static List<TopicPartition> assignFromBeginning(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> tps = TopicPartitions.of(c, topic, Duration.ofMinutes(1)); // default.api.timeout.ms
        c.assign(tps);
        c.seekToBeginning(tps);
        return tps;
    }

    /** Every record of {@code topic}, from its beginning to the end offsets read first (what it has after 30 s at most). */
    static <V> List<V> readAll(KafkaClients clients, String topic, TopicSpec<String, V> spec) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(clients.consumer("bench-trace", null),
                new StringDeserializer(), spec.valueSerde().deserializer())) {
            List<TopicPartition> tps = assignFromBeginning(c, topic);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        out.add(r.value());
                    }
                }
                boolean done = true;
                for (TopicPartition tp : tps) {
                    done &= c.position(tp) >= end.get(tp);
                }
                if (done) {
                    break;
                }
            }
        }
        return out;
    }

    /** Per stage, the durations over the samples that could be matched (ms). */
    double[][] stages(List<Sample> samples) {
        Map<RelPath, List<ChangeBatch>> byPath = new HashMap<>();
        for (ChangeBatch b : batches) {
            if (b.kind() == ChangeKind.CHANGE) {
                for (RelPath p : b.paths()) {
                    byPath.computeIfAbsent(p, k -> new ArrayList<>()).add(b);
                }
            }
        }
        Map<String, List<SyncReport>> byBatch = new HashMap<>();
        for (SyncReport r : reports) {
            for (String id : r.batchIds()) {
                byBatch.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
            }
        }
        List<double[]> rows = new ArrayList<>();
        for (Sample s : samples) {
            List<ChangeBatch> bs = byPath.get(RelPath.of(s.path()));
            if (bs == null) {
                continue;
            }
            ChangeBatch first = bs.get(0);
            for (ChangeBatch b : bs) {
                if (b.observedAtMillis() < first.observedAtMillis()) {
                    first = b;
                }
            }
            Map<String, SyncReport> firstPerTarget = new HashMap<>();
            Set<String> ids = new HashSet<>();
            bs.forEach(b -> ids.add(b.batchId()));
            for (String id : ids) {
                for (SyncReport r : byBatch.getOrDefault(id, List.of())) {
                    firstPerTarget.merge(r.targetId(), r, (a, b) -> a.finishedAtMillis() <= b.finishedAtMillis() ? a : b);
                }
            }
            if (firstPerTarget.isEmpty()) {
                continue;
            }
            long started = Long.MAX_VALUE;
            long finished = 0;
            for (SyncReport r : firstPerTarget.values()) {
                started = Math.min(started, r.startedAtMillis());
                finished = Math.max(finished, r.finishedAtMillis());
            }
            rows.add(new double[] {
                first.observedAtMillis() - s.writeMillis(),
                first.publishedAtMillis() - first.observedAtMillis(),
                started - first.publishedAtMillis(),
                finished - started,
                s.arrivalMillis() - finished,
            });
        }
        double[][] out = new double[STAGES.length][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < STAGES.length; k++) {
                out[k][i] = rows.get(i)[k];
            }
        }
        return out;
    }

    /** Appends the stage table for {@code samples}. */
    void appendTo(Report r, List<Sample> samples) {
        double[][] st = stages(samples);
        if (st[0].length == 0) {
            r.para("(no sample could be matched to syncfleet's change batches and reports)");
            return;
        }
        r.table("stage (from syncfleet's own batch and report timestamps)", "p50 ms", "p95 ms");
        for (int k = 0; k < STAGES.length; k++) {
            Stats s = Stats.of(st[k]);
            r.row(STAGES[k], String.format("%.0f", s.p50()), String.format("%.0f", s.p95()));
        }
        r.end();
        r.para("Matched " + st[0].length + " of " + samples.size() + " samples; timestamps are whole milliseconds,"
                + " so each stage is +-1 ms and the stage medians need not add up to the total's median.");
    }
}

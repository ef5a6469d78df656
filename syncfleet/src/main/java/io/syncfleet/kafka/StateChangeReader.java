package io.syncfleet.kafka;

import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.topic.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The fleet's recent state changes, from the history the compacted {@code targets} topic still holds
 * (compaction keeps at least the latest status of each target, and the log cleaner lags behind, so recent
 * changes are normally all there).
 */
public final class StateChangeReader {

    /** Records read per partition from the end of {@code targets}. */
    private static final int TAIL = 500;

    /**
     * One change of a target's state.
     *
     * @param from the state before, or {@code new} for a target's first status
     * @param to the state after, or {@code removed}
     */
    public record StateChange(String target, String from, String to, long atMillis, String reason) {
    }

    private final FleetStatusReader reader;

    /** @param reader whose clients this reader shares (and does not close) */
    public StateChangeReader(FleetStatusReader reader) {
        this.reader = reader;
    }

    /** The latest {@code limit} changes, newest first. */
    public List<StateChange> recent(int limit) {
        List<ConsumerRecord<String, TargetStatus>> records = reader.tail(Topics.TARGETS, TAIL);
        records.sort(Comparator.comparingInt(ConsumerRecord<String, TargetStatus>::partition)
                .thenComparingLong(ConsumerRecord::offset));
        List<Map.Entry<String, TargetStatus>> inOrder = new ArrayList<>();
        for (ConsumerRecord<String, TargetStatus> r : records) {
            inOrder.add(new java.util.AbstractMap.SimpleImmutableEntry<>(r.key(), r.value()));
        }
        return changes(inOrder, limit);
    }

    /**
     * The changes in a sequence of statuses, in topic order per target (a null status is a removal). A
     * status that repeats the state before it (a new reason, a new command) is no change.
     */
    static List<StateChange> changes(List<Map.Entry<String, TargetStatus>> inOrder, int limit) {
        Map<String, String> last = new HashMap<>();
        List<StateChange> out = new ArrayList<>();
        for (Map.Entry<String, TargetStatus> e : inOrder) {
            String id = e.getKey();
            TargetStatus s = e.getValue();
            String before = last.getOrDefault(id, "new");
            if (s == null) {
                if (last.remove(id) != null) {
                    out.add(new StateChange(id, before, "removed", -1, "removed from the fleet"));
                }
                continue;
            }
            String now = s.state().name().toLowerCase(Locale.ROOT);
            if (!now.equals(before)) {
                out.add(new StateChange(id, before, now, s.sinceMillis(), s.reason()));
            }
            last.put(id, now);
        }
        out.sort(Comparator.comparingLong(StateChange::atMillis).reversed());
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }
}

package io.syncfleet.keeper.domain;

import java.util.Map;

/**
 * Where one target's consumer group stands on {@code changes}: whether a replay from its committed
 * offsets would see everything since them ({@link ReplayWindow}), and how many records it has yet to
 * consume (its lag). Computed from offsets per partition, with no Kafka types.
 *
 * <p>Per partition, with committed offset {@code c} (maybe none), log start {@code s} and end {@code e}:
 * <ul>
 *   <li>in the log when {@code c >= s}; with no committed offset, only when {@code s == 0} (the group
 *       would start at the beginning, and nothing was ever deleted);</li>
 *   <li>lag {@code e - c} when {@code c >= s}, else {@code e - s} (the consumer would be reset to the log
 *       start).</li>
 * </ul>
 *
 * @param committedOffsetInLog true when every partition's committed offset is in the log
 * @param lagRecords records not yet consumed, over all partitions
 */
public record TargetBacklog(boolean committedOffsetInLog, long lagRecords) {

    /**
     * @param committed committed offset by partition; a partition missing (or null) has none
     * @param logStart log start offset of every partition
     * @param logEnd end offset by partition; a partition missing counts no lag
     */
    public static TargetBacklog of(Map<Integer, Long> committed, Map<Integer, Long> logStart,
                                   Map<Integer, Long> logEnd) {
        boolean inLog = true;
        long lag = 0;
        for (Map.Entry<Integer, Long> p : logStart.entrySet()) {
            long start = p.getValue();
            Long c = committed.get(p.getKey());
            boolean here = c == null ? start == 0 : c >= start;
            inLog &= here;
            Long end = logEnd.get(p.getKey());
            if (end != null) {
                long position = c != null && c >= start ? c : start;
                lag += Math.max(0, end - position);
            }
        }
        return new TargetBacklog(inLog, lag);
    }
}

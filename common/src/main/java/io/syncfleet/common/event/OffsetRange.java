package io.syncfleet.common.event;

/**
 * Records {@code [from, until)} of one partition of the {@code changes} topic.
 *
 * @param partition the partition
 * @param from the first offset
 * @param until the offset after the last one
 */
public record OffsetRange(int partition, long from, long until) {

    public OffsetRange {
        if (partition < 0 || from < 0 || until < from) {
            throw new IllegalArgumentException("bad offset range " + partition + ":[" + from + ", " + until + ")");
        }
    }

    public boolean contains(int p, long offset) {
        return p == partition && offset >= from && offset < until;
    }
}

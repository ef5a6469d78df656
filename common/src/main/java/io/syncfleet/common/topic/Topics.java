package io.syncfleet.common.topic;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.event.TargetStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalog: every topic and consumer-group name syncfleet uses is derived here and nowhere
 * else (see MISSION-NOTES "Topics").
 */
public final class Topics {

    public static final TopicSpec<String, ChangeBatch> CHANGES = new TopicSpec<>("changes", true,
            Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(7L * 24 * 3600 * 1000)),
            Serdes.String(), new JsonSerde<>(ChangeBatch.class, ChangeBatch.SCHEMA_VERSION),
            "change batches, partitioned by path so that one path keeps its order");

    public static final TopicSpec<String, TargetStatus> TARGETS = new TopicSpec<>("targets", true,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0", "segment.ms", "3600000"),
            Serdes.String(), new JsonSerde<>(TargetStatus.class, TargetStatus.SCHEMA_VERSION),
            "compacted, keyed by target id: the fleet, each target's state and pending catch-up command; its "
                    + "partitions spread target ownership over the workers");

    /**
     * Operators' requests (add, remove, replay, full sync), read by the health keeper. A topic of its
     * own keeps the keeper the only writer of {@link #TARGETS}, so its state machine never races an
     * operator's write.
     */
    public static final TopicSpec<String, TargetRequest> REQUESTS = new TopicSpec<>("requests", false,
            Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(7L * 24 * 3600 * 1000)),
            Serdes.String(), new JsonSerde<>(TargetRequest.class, TargetRequest.SCHEMA_VERSION),
            "operators' requests for the health keeper, keyed by target id");

    public static final TopicSpec<String, SyncReport> REPORTS = new TopicSpec<>("reports", true,
            Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(3L * 24 * 3600 * 1000)),
            Serdes.String(), new JsonSerde<>(SyncReport.class, SyncReport.SCHEMA_VERSION),
            "sync results keyed by target id, for health, alerts, metrics and traces");

    /**
     * Paths of partial syncs waiting for retry, keyed by target id (so one target's records keep their order).
     * An entry is a chain of records with one entry id; the latest counts. Kept 30 days, so a parked entry
     * stays listed that long after its last change.
     */
    public static final TopicSpec<String, DustbinEntry> DUSTBIN = new TopicSpec<>("dustbin", true,
            Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(30L * 24 * 3600 * 1000)),
            Serdes.String(), new JsonSerde<>(DustbinEntry.class, DustbinEntry.SCHEMA_VERSION),
            "paths of partial syncs waiting for retry, keyed by target id");

    public static final List<TopicSpec<?, ?>> ALL = List.of(CHANGES, TARGETS, REPORTS, DUSTBIN, REQUESTS);

    private static final Pattern TARGET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final String prefix;
    private final int partitions;

    public Topics(String prefix, int partitions) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.partitions = partitions;
    }

    public String name(TopicSpec<?, ?> spec) {
        return prefix + "." + spec.suffix();
    }

    public int partitions(TopicSpec<?, ?> spec) {
        return spec.usesConfiguredPartitions() ? partitions : 1;
    }

    public String prefix() {
        return prefix;
    }

    /** The consumer group that holds one target's progress on {@code changes}. */
    public String targetGroup(String targetId) {
        return prefix + ".target." + targetId;
    }

    /** The group of all workers on {@code targets}: its assignment decides which worker owns which target. */
    public String workerGroup() {
        return prefix + ".workers";
    }

    /** The workers' group on {@code dustbin}: its assignment decides which worker retries which target's entries. */
    public String dustbinGroup() {
        return prefix + ".dustbin";
    }

    /** The health keeper's group on {@code requests}. */
    public String keeperGroup() {
        return prefix + ".keeper";
    }

    /**
     * The health keepers' lease group on {@code requests}: the member assigned its one partition is the active
     * keeper, the others stand by.
     */
    public String keeperLeaseGroup() {
        return prefix + ".keeper-lease";
    }

    /** True for a valid target id: letters, digits, '.', '_', '-', at most 100, not starting with a symbol. */
    public static boolean isValidTargetId(String id) {
        return id != null && TARGET_ID.matcher(id).matches();
    }

    /** Serde helper with the types of a spec, to keep casts out of callers. */
    public static <V> Serde<V> valueSerde(TopicSpec<?, V> spec) {
        return spec.valueSerde();
    }
}

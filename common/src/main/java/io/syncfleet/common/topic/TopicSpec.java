package io.syncfleet.common.topic;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the catalog: its name below the prefix, its configs, and its serdes.
 *
 * @param suffix the name after {@code <topicPrefix>.}
 * @param usesConfiguredPartitions true: {@code kafka.partitions}; false: a single partition
 * @param configs topic-level configs (cleanup.policy, retention)
 * @param doc what the topic holds
 */
public record TopicSpec<K, V>(String suffix, boolean usesConfiguredPartitions, Map<String, String> configs,
                              Serde<K> keySerde, Serde<V> valueSerde, String doc) {
}

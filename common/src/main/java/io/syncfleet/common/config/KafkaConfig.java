package io.syncfleet.common.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code kafka.*}.
 *
 * @param bootstrap {@code embedded} or {@code host:port[,host:port...]}
 * @param dataDir the embedded broker's log directory
 * @param embeddedPort the embedded broker's client port on 127.0.0.1; the controller uses the next port
 * @param topicPrefix prefix of every topic and consumer group
 * @param partitions partitions of the {@code changes} and {@code reports} topics
 * @param properties passed to every Kafka client (security.protocol, sasl.*, ssl.*)
 */
public record KafkaConfig(String bootstrap, Path dataDir, int embeddedPort, String topicPrefix, int partitions,
                          Map<String, String> properties) {

    public static final String EMBEDDED = "embedded";

    public KafkaConfig {
        properties = Map.copyOf(properties);
    }

    public boolean embedded() {
        return EMBEDDED.equals(bootstrap);
    }
}

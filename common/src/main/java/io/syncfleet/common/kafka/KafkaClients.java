package io.syncfleet.common.kafka;

import io.syncfleet.common.config.KafkaConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds client properties from {@code kafka.*}: the resolved bootstrap servers, the user's
 * {@code kafka.properties} (security and the like) and the settings each role needs. The caller
 * creates the client with the serdes of the topic it uses.
 *
 * <p>Two kinds of settings: those syncfleet's guarantees rest on ({@code acks}, idempotence, manual
 * commits, {@code read_committed}, {@code earliest}; config validation refuses them in
 * {@code kafka.properties}) are always set here, and tuning choices ({@code linger.ms},
 * {@code compression.type}, timeouts) are defaults that {@code kafka.properties} overrides.
 */
public final class KafkaClients {

    private final String bootstrapServers;
    private final Map<String, String> userProperties;

    /**
     * @param bootstrapServers resolved servers; for {@code kafka.bootstrap: embedded} the embedded broker's address
     */
    public KafkaClients(String bootstrapServers, KafkaConfig config) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.userProperties = config.properties();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    private Map<String, Object> base(String clientId) {
        Map<String, Object> p = new HashMap<>(userProperties);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    /** Idempotent producer, acks=all, tuned for low latency with small batches. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> p = base(clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        return p;
    }

    /** Consumer with manual commits, reading from the earliest offset when a group is new. */
    public Map<String, Object> consumer(String clientId, String groupId) {
        Map<String, Object> p = base(clientId);
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    public Map<String, Object> admin(String clientId) {
        Map<String, Object> p = base(clientId);
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return p;
    }

    public Admin createAdmin(String clientId) {
        return Admin.create(admin(clientId));
    }
}

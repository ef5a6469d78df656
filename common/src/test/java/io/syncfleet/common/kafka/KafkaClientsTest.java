package io.syncfleet.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.config.KafkaConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private static KafkaClients clients(Map<String, String> properties) {
        return new KafkaClients("b:9092", new KafkaConfig("b:9092", Path.of("kafka"), 9092, "syncfleet", 12,
                properties));
    }

    @Test
    void tuningInKafkaPropertiesOverridesSyncfleetsChoices() {
        KafkaClients c = clients(Map.of("compression.type", "zstd", "linger.ms", "5",
                "request.timeout.ms", "40000", "security.protocol", "SSL"));

        Map<String, Object> producer = c.producer("p");
        assertEquals("zstd", producer.get("compression.type"));
        assertEquals("5", producer.get("linger.ms"));
        assertEquals("SSL", producer.get("security.protocol"));
        assertEquals("40000", c.admin("a").get("request.timeout.ms"));
    }

    @Test
    void withoutKafkaPropertiesSyncfleetsChoicesApply() {
        KafkaClients c = clients(Map.of());

        Map<String, Object> producer = c.producer("p");
        assertEquals("lz4", producer.get("compression.type"));
        assertEquals(1, producer.get("linger.ms"));
        assertEquals(15_000, c.admin("a").get("request.timeout.ms"));
    }

    @Test
    void whatTheGuaranteesRestOnIsAlwaysSyncfleets() {
        // config validation refuses these keys in kafka.properties; the clients set them whatever the map holds
        KafkaClients c = clients(Map.of("acks", "1", "enable.auto.commit", "true", "isolation.level",
                "read_uncommitted"));

        assertEquals("all", c.producer("p").get("acks"));
        assertEquals(true, c.producer("p").get("enable.idempotence"));
        Map<String, Object> consumer = c.consumer("c", "g");
        assertEquals(false, consumer.get("enable.auto.commit"));
        assertEquals("read_committed", consumer.get("isolation.level"));
        assertEquals("earliest", consumer.get("auto.offset.reset"));
        assertEquals("g", consumer.get("group.id"));
        assertEquals("c", consumer.get("client.id"));
        assertEquals("b:9092", consumer.get("bootstrap.servers"));
    }
}

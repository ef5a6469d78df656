package io.syncfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

class ConfigPrinterTest {

    private final SyncfleetConfig full = ConfigLoader.load(Configs.resource("full.yaml"), null, Map.of());

    @Test
    void secretsAreMasked() {
        String yaml = ConfigPrinter.effectiveYaml(full);
        assertFalse(yaml.contains("hunter2"), yaml);
        assertFalse(yaml.contains("PlainLoginModule"), yaml);
        Map<String, Object> props = section(yaml, "kafka", "properties");
        assertEquals(Secrets.MASK, props.get("ssl.truststore.password"));
        assertEquals(Secrets.MASK, props.get("sasl.jaas.config"));
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("PLAIN", props.get("sasl.mechanism"));
        assertEquals("5", props.get("linger.ms"));
    }

    @ParameterizedTest
    @CsvSource({"ssl.key.password, true", "ssl.truststore.password, true", "sasl.jaas.config, true",
            "sasl.client.secret, true", "sasl.oauthbearer.token, true", "SSL.KEYSTORE.PASSWORD, true",
            "security.protocol, false", "sasl.mechanism, false", "ssl.keystore.location, false", "linger.ms, false"})
    void secretKeys(String key, boolean secret) {
        assertEquals(secret, Secrets.isSecret(key));
    }

    @Test
    void everyKeyIsPrinted() {
        Map<String, Object> root = new Yaml().load(ConfigPrinter.effectiveYaml(Configs.load("source: {baseDir: /x}\n")));
        for (ConfigField<?> f : ConfigSchema.SYNCFLEET.fields()) {
            String[] path = f.key().split("\\.");
            Map<String, Object> group = root;
            for (int i = 0; i < path.length - 1; i++) {
                assertTrue(group.containsKey(path[i]), f.key() + " missing");
                group = asMap(group.get(path[i]));
            }
            assertTrue(group.containsKey(path[path.length - 1]), f.key() + " missing");
        }
        assertEquals(ConfigSchema.SYNCFLEET.sections().size(), root.size());
    }

    @Test
    void defaultsPrintAsTheyAreWritten() {
        String yaml = ConfigPrinter.effectiveYaml(Configs.load("source: {baseDir: /x}\n"));
        assertTrue(yaml.contains("  delay: 20ms\n"), yaml);
        assertTrue(yaml.contains("  timeout: 10s\n"), yaml);
        assertTrue(yaml.contains("  listen: 127.0.0.1:7070\n"), yaml);
        assertTrue(yaml.contains("  dataDir: /srv/conf/data/kafka\n"), yaml);
        assertTrue(yaml.contains("  extraArgs: []\n"), yaml);
        assertTrue(yaml.contains("  paths:\n    - .\n"), yaml);
        assertTrue(yaml.contains("health:\n  interval:\n    ready: 5s\n    unhealthy: 3s\n    dead: 3s\n"
                + "    recovery: 3s\n  unhealthyProbes: 5\n  unhealthyFatal: 3\n  probeTimeout: 2s\n"), yaml);
        assertTrue(yaml.contains("recovery:\n  mode: auto\n  maxReplayAge: 1h\n"), yaml);
    }

    @Test
    void printedConfigLoadsBackToTheSameConfig() {
        String yaml = ConfigPrinter.effectiveYaml(full);
        SyncfleetConfig again = ConfigLoader.loadString(yaml, Path.of("/elsewhere"), null, Map.of());
        assertEquals(Secrets.mask(full.kafka().properties()), again.kafka().properties());
        KafkaConfig k = full.kafka();
        assertEquals(new KafkaConfig(k.bootstrap(), k.dataDir(), k.embeddedPort(), k.topicPrefix(), k.partitions(),
                Secrets.mask(k.properties())), again.kafka());
        assertEquals(new SyncfleetConfig(again.kafka(), full.source(), full.watch(), full.rsync(), full.targets(),
                full.status(), full.log(), full.health(), full.recovery()), again);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(String yaml, String section, String key) {
        Map<String, Object> root = new Yaml().load(yaml);
        return (Map<String, Object>) asMap(root.get(section)).get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        assertInstanceOf(Map.class, o);
        return (Map<String, Object>) o;
    }
}

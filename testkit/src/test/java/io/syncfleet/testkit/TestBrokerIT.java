package io.syncfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.HealthConfig;
import io.syncfleet.common.config.HooksConfig;
import io.syncfleet.common.config.RecoveryConfig;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class TestBrokerIT {

    @Test
    void oneBrokerPerJvm() {
        assertSame(TestBroker.shared(), TestBroker.shared());
        assertTrue(TestBroker.shared().bootstrapServers().startsWith("127.0.0.1:"));
    }

    @Test
    void prefixesAreUniqueAndLegalTopicNames() {
        String a = TestBroker.uniquePrefix();
        String b = TestBroker.uniquePrefix();
        assertNotEquals(a, b);
        assertTrue(a.matches("[a-zA-Z0-9._-]+"), a);
    }

    @Test
    void installsTheCatalogUnderAPrefix() throws Exception {
        String prefix = TestBroker.uniquePrefix();

        Topics topics = TestBroker.installTopics(prefix, 3);

        try (Admin admin = TestBroker.shared().clients().createAdmin("it")) {
            Set<String> expected = Topics.ALL.stream().map(topics::name).collect(Collectors.toSet());
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(prefix + ".")).collect(Collectors.toSet());
            assertEquals(expected, names);
            int partitions = admin.describeTopics(Set.of(topics.name(Topics.CHANGES))).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topics.name(Topics.CHANGES)).partitions().size();
            assertEquals(3, partitions);
        }
        // installing again is harmless
        TestBroker.installTopics(prefix, 3);
    }

    @Test
    void serviceConfigPointsAtTheSharedBrokerWithTheGivenSourceAndLogs() {
        SourceConfig source = new SourceConfig(Path.of("/srv/src"), List.of(RelPath.BASE), List.of("*.tmp"));
        SyncfleetConfig c = TestBroker.shared().serviceConfig("t-x", 4, source, Path.of("/tmp/logs"));
        assertEquals(TestBroker.shared().kafkaConfig("t-x", 4), c.kafka());
        assertEquals(TestBroker.shared().bootstrapServers(), c.kafka().bootstrap());
        assertEquals(source, c.source());
        assertEquals(Path.of("/tmp/logs"), c.log().dir());
        assertEquals(Duration.ofMillis(20), c.watch().delay());
        assertEquals(Duration.ofSeconds(5), c.rsync().timeout());
        assertEquals(List.of(), c.targets().staticTargets());
        assertEquals(0, c.status().port());
        assertEquals(HealthConfig.defaults(), c.health());
        assertEquals(RecoveryConfig.defaults(), c.recovery());
        assertEquals(HooksConfig.defaults(), c.hooks());
    }
}

package io.syncfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.topic.Topics;
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
}

package io.syncfleet.broker;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The broker configuration of a single-node KRaft cluster on loopback (MISSION-NOTES "Embedded
 * Kafka facts"): broker and controller in one process, static voter, replication factor 1 for every
 * internal topic, fast first group join, small cleaner buffer, no topic auto-creation (topics come
 * from the catalog only).
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerProperties() {
    }

    static Path logDir(Path dataDir) {
        return dataDir.resolve("kafka-logs");
    }

    static Properties of(EmbeddedBrokerSettings s) {
        String host = EmbeddedBroker.HOST;
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + s.controllerPort());
        p.put("listeners", "PLAINTEXT://" + host + ":" + s.port() + "," + CONTROLLER_LISTENER + "://" + host + ":"
                + s.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + s.port());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir(s.dataDir()).toAbsolutePath().toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4L * 1024 * 1024));
        return p;
    }
}

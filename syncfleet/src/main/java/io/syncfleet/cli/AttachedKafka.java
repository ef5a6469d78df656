package io.syncfleet.cli;

import io.syncfleet.app.KafkaConnection;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.topic.Topics;

/**
 * Kafka for the length of one piece of a command's work: attach to the fleet's broker (never start one), run the
 * work with the config's topics, close. A broker that does not answer is a one-line user error from
 * {@link KafkaConnection#attach}.
 */
final class AttachedKafka {

    private AttachedKafka() {
    }

    /** The work: reads or writes with the connection, returns what the command prints. */
    @FunctionalInterface
    interface Work<T> {
        T run(KafkaConnection kafka, Topics topics) throws Exception;
    }

    static <T> T run(SyncfleetConfig config, Work<T> work) throws Exception {
        Topics topics = new Topics(config.kafka().topicPrefix(), config.kafka().partitions());
        try (KafkaConnection kafka = KafkaConnection.attach(config.kafka())) {
            return work.run(kafka, topics);
        }
    }
}

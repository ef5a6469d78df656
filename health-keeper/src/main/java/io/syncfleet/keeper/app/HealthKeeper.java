package io.syncfleet.keeper.app;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.TargetStatus;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.keeper.domain.FleetReconciler;
import io.syncfleet.keeper.kafka.TargetTableReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health keeper role. In this version it publishes the configured fleet to the {@code targets}
 * topic, which is what workers follow; probing and the state machine come with the health issue.
 */
public final class HealthKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthKeeper.class);

    private final SyncfleetConfig config;
    private final Topics topics;
    private final KafkaClients clients;
    private final Clock clock;

    public HealthKeeper(SyncfleetConfig config, Topics topics, KafkaClients clients, Clock clock) {
        this.config = config;
        this.topics = topics;
        this.clients = clients;
        this.clock = clock;
    }

    /** Publishes what the {@code targets} topic lacks of the static fleet; returns what was published. */
    public List<TargetStatus> start() throws Exception {
        Map<String, TargetStatus> known;
        try (var consumer = new KafkaConsumer<>(clients.consumer("syncfleet-keeper-reader", null),
                Topics.TARGETS.keySerde().deserializer(), Topics.TARGETS.valueSerde().deserializer())) {
            known = new TargetTableReader(consumer, topics).readAll(Duration.ofSeconds(30));
        }
        List<TargetStatus> updates = FleetReconciler.reconcile(config.targets().staticTargets(), known, clock.millis());
        if (!updates.isEmpty()) {
            try (var producer = new KafkaProducer<>(clients.producer("syncfleet-keeper"),
                    Topics.TARGETS.keySerde().serializer(), Topics.TARGETS.valueSerde().serializer())) {
                for (TargetStatus s : updates) {
                    producer.send(new ProducerRecord<>(topics.name(Topics.TARGETS), s.targetId(), s))
                            .get(30, TimeUnit.SECONDS);
                    LOG.info("target [{}] -> {} ({})", s.targetId(), s.state(), s.reason());
                }
            }
        }
        LOG.info("fleet has {} static targets; {} published, {} already known", config.targets().staticTargets().size(),
                updates.size(), known.size());
        return updates;
    }

    @Override
    public void close() {
        // nothing runs in the background yet
    }
}

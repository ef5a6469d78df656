package io.syncfleet.app;

import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.http.ActionHandler;
import io.syncfleet.kafka.FleetStatusReader;
import io.syncfleet.kafka.RequestPublisher;
import java.time.Clock;

/** The dashboard's actions, sent to the health keeper like {@code syncfleet replay} sends them. */
final class NodeActions implements ActionHandler.Actions {

    private final KafkaConnection kafka;
    private final Topics topics;
    private final Clock clock;
    private final FleetStatusReader fleet;

    NodeActions(KafkaConnection kafka, Topics topics, FleetStatusReader fleet, Clock clock) {
        this.kafka = kafka;
        this.fleet = fleet;
        this.topics = topics;
        this.clock = clock;
    }

    @Override
    public boolean knows(String targetId) throws Exception {
        return fleet.read().stream().anyMatch(t -> t.id().equals(targetId));
    }

    @Override
    public String request(TargetRequest.Action action, String targetId, long sinceMillis, String requestedBy)
            throws Exception {
        return new RequestPublisher(kafka.clients(), topics)
                .send(action, targetId, null, sinceMillis, clock.millis(), requestedBy).requestId();
    }
}

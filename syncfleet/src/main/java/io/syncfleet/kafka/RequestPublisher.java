package io.syncfleet.kafka;

import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.Topics;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends an operator's request to the health keeper through the {@code requests} topic. */
public final class RequestPublisher {

    private final KafkaClients clients;
    private final Topics topics;

    public RequestPublisher(KafkaClients clients, Topics topics) {
        this.clients = clients;
        this.topics = topics;
    }

    /** Publishes and waits for the broker's acknowledgement; returns the request. */
    public TargetRequest send(TargetRequest.Action action, String targetId, String url, long sinceMillis, long now)
            throws Exception {
        return send(action, targetId, url, sinceMillis, now, System.getProperty("user.name", "?") + "@" + hostName());
    }

    /** Like {@link #send(TargetRequest.Action, String, String, long, long)}, for a named requester. */
    public TargetRequest send(TargetRequest.Action action, String targetId, String url, long sinceMillis, long now,
                              String requestedBy) throws Exception {
        TargetRequest r = new TargetRequest(TargetRequest.SCHEMA_VERSION, UUID.randomUUID().toString(), action,
                targetId, url, sinceMillis, requestedBy, now);
        try (var producer = new KafkaProducer<>(clients.producer("syncfleet-cli"),
                Topics.REQUESTS.keySerde().serializer(), Topics.REQUESTS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.name(Topics.REQUESTS), targetId, r)).get(30, TimeUnit.SECONDS);
        }
        return r;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}

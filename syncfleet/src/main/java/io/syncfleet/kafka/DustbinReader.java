package io.syncfleet.kafka;

import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the {@code dustbin} topic and keeps the latest record of each entry: what the entries stand at now. */
public final class DustbinReader {

    private final KafkaClients clients;
    private final Topics topics;

    public DustbinReader(KafkaClients clients, Topics topics) {
        this.clients = clients;
        this.topics = topics;
    }

    /** Every entry still in the topic, latest record each, oldest first. */
    public List<DustbinEntry> read() {
        try (FleetStatusReader r = new FleetStatusReader(clients, topics)) {
            return latest(r.tail(Topics.DUSTBIN, Long.MAX_VALUE));
        }
    }

    /** Folds records in log order (one entry's records share a partition, so their order holds). */
    static List<DustbinEntry> latest(List<ConsumerRecord<String, DustbinEntry>> records) {
        Map<String, DustbinEntry> byId = new LinkedHashMap<>();
        for (ConsumerRecord<String, DustbinEntry> r : records) {
            if (r.value() != null) {
                byId.put(r.value().entryId(), r.value());
            }
        }
        List<DustbinEntry> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingLong(DustbinEntry::createdAtMillis).thenComparing(DustbinEntry::entryId));
        return out;
    }
}

package io.syncfleet.watcher;

import io.syncfleet.common.config.KafkaConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.kafka.KafkaClients;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Topics of their own on the shared test broker, a producer for a watcher, and a reader of
 * {@code changes} from its beginning that keeps everything it read.
 */
public final class ChangesTopic implements AutoCloseable {

    public final Topics topics;
    public final Producer<String, ChangeBatch> producer;
    private final String prefix;
    private final int partitions;
    private final Consumer<String, ChangeBatch> consumer;
    private final List<ConsumerRecord<String, ChangeBatch>> records = new ArrayList<>();

    public ChangesTopic(int partitions) {
        this.partitions = partitions;
        this.prefix = TestBroker.uniquePrefix();
        this.topics = TestBroker.installTopics(prefix, partitions);
        KafkaClients clients = TestBroker.shared().clients();
        this.producer = new KafkaProducer<>(clients.producer("watcher-" + prefix), new StringSerializer(),
                Topics.CHANGES.valueSerde().serializer());
        this.consumer = new KafkaConsumer<>(clients.consumer("reader-" + prefix, null), new StringDeserializer(),
                Topics.CHANGES.valueSerde().deserializer());
        String topic = topics.name(Topics.CHANGES);
        List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(all);
        consumer.seekToBeginning(all);
    }

    /** The {@code kafka.*} keys a watcher on these topics is configured with. */
    public KafkaConfig kafkaConfig() {
        return TestBroker.shared().kafkaConfig(prefix, partitions);
    }

    /** Polls once more; every record read so far, in the order read. */
    public List<ConsumerRecord<String, ChangeBatch>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}

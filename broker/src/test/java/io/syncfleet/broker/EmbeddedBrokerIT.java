package io.syncfleet.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerIT {

    private static final String TOPIC = "it.records";

    @TempDir
    Path dataDir;

    @Test
    void keepsRecordsAcrossRestartOnTheSameDataDir() throws Exception {
        EmbeddedBrokerSettings settings = new EmbeddedBrokerSettings(dataDir, freePort(), freePort(), true);
        try (EmbeddedBroker broker = EmbeddedBroker.start(settings)) {
            assertEquals("127.0.0.1:" + settings.port(), broker.bootstrapServers());
            assertEquals(Optional.of(ProcessHandle.current().pid()), EmbeddedBroker.lockHolderPid(dataDir));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            produce(broker, "k1", "survives a restart");
            assertEquals(List.of("k1=survives a restart"), readAll(broker, 1));
        }
        assertEquals(Optional.empty(), EmbeddedBroker.lockHolderPid(dataDir));

        try (EmbeddedBroker restarted = EmbeddedBroker.start(settings)) {
            produce(restarted, "k2", "after restart");
            assertEquals(List.of("k1=survives a restart", "k2=after restart"), readAll(restarted, 2));
        }
    }

    @Test
    void closeIsIdempotent() {
        EmbeddedBroker broker = EmbeddedBroker.start(new EmbeddedBrokerSettings(dataDir, freePort(), freePort(), true));
        broker.close();
        broker.close();
        assertEquals(Optional.empty(), EmbeddedBroker.lockHolderPid(dataDir));
    }

    @Test
    void refusesADataDirThatABrokerInThisJvmHolds() {
        EmbeddedBrokerSettings first = new EmbeddedBrokerSettings(dataDir, freePort(), freePort(), true);
        try (EmbeddedBroker broker = EmbeddedBroker.start(first)) {
            assertEquals(first, broker.settings());
            EmbeddedBrokerSettings second = new EmbeddedBrokerSettings(dataDir, freePort(), freePort(), true);
            BrokerException e = assertThrows(BrokerException.class, () -> EmbeddedBroker.start(second));
            assertEquals("embedded broker data dir " + dataDir + " is in use by pid " + ProcessHandle.current().pid()
                    + " (another syncfleet run or broker); stop it, or point kafka.bootstrap at 127.0.0.1:"
                    + second.port(), e.getMessage());
            // the failed start must not have released the first broker's lock
            assertEquals(Optional.of(ProcessHandle.current().pid()), EmbeddedBroker.lockHolderPid(dataDir));
        }
    }

    @Test
    void refusesADataDirThatAnotherProcessHolds() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes = Path.of(LockHoldingProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Process holder = new ProcessBuilder(java, "-cp", classes, LockHoldingProcess.class.getName(),
                dataDir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("locked", out.readLine());
            assertEquals(Optional.of(holder.pid()), EmbeddedBroker.lockHolderPid(dataDir));

            EmbeddedBrokerSettings settings = new EmbeddedBrokerSettings(dataDir, freePort(), freePort(), true);
            BrokerException e = assertThrows(BrokerException.class, () -> EmbeddedBroker.start(settings));
            assertTrue(e.getMessage().contains("is in use by pid " + holder.pid()), e.getMessage());
            // probing must not have taken the other process's lock away
            assertEquals(Optional.of(holder.pid()), EmbeddedBroker.lockHolderPid(dataDir));
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(30, TimeUnit.SECONDS);
            holder.destroyForcibly();
        }
        assertEquals(Optional.empty(), EmbeddedBroker.lockHolderPid(dataDir));
    }

    @Test
    void namesThePortAndItsKeyWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            EmbeddedBrokerSettings settings = new EmbeddedBrokerSettings(dataDir, port, freePort(), true);
            BrokerException e = assertThrows(BrokerException.class, () -> EmbeddedBroker.start(settings));
            assertTrue(e.getMessage().contains("127.0.0.1:" + port + " is already in use"), e.getMessage());
            assertTrue(e.getMessage().contains("kafka.embeddedPort"), e.getMessage());
        }
        assertEquals(Optional.empty(), EmbeddedBroker.lockHolderPid(dataDir));
    }

    @Test
    void lockHolderPidIsEmptyForADirWithoutBroker() {
        assertEquals(Optional.empty(), EmbeddedBroker.lockHolderPid(dataDir));
        assertEquals(Optional.empty(), EmbeddedBroker.lockHolderPid(dataDir.resolve("missing")));
    }

    private static void produce(EmbeddedBroker broker, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(EmbeddedBroker broker, int expected) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(Set.of(tp));
            consumer.seekToBeginning(Set.of(tp));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
                return seen.size() >= expected;
            });
        }
        return seen;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}

package io.syncfleet.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the embedded broker.
 *
 * @param dataDir directory of the broker's data and of its {@code broker.lock}; created when missing
 * @param port client (PLAINTEXT) port on 127.0.0.1; {@code kafka.embeddedPort}
 * @param controllerPort KRaft controller port on 127.0.0.1
 * @param exitProceduresThrow make Kafka's exit and halt procedures throw instead of ending the JVM
 *     (for tests, so a broker fault cannot kill the test JVM); leave false in production
 */
public record EmbeddedBrokerSettings(Path dataDir, int port, int controllerPort, boolean exitProceduresThrow) {

    public EmbeddedBrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        checkPort("port", port);
        checkPort("controllerPort", controllerPort);
        if (port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
        }
    }

    private static void checkPort(String name, int value) {
        if (value < 1 || value > 65_535) {
            throw new IllegalArgumentException(name + " must be in 1..65535, got " + value);
        }
    }

    /** {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return EmbeddedBroker.HOST + ":" + port;
    }
}

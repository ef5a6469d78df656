package io.syncfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    void anAdjacentPairCanBeBoundTogetherAndLiesBelowTheEphemeralRange() throws IOException {
        for (int i = 0; i < 20; i++) {
            int p = FreePorts.adjacentPair();
            try (ServerSocket a = bind(p); ServerSocket b = bind(p + 1)) {
                assertTrue(a.isBound() && b.isBound());
            }
            assertBelowEphemeral(p + 1);
        }
    }

    @Test
    void aPortThatIsTakenIsNeverHandedOut() throws IOException {
        int p = FreePorts.one();
        try (ServerSocket held = bind(p)) {
            for (int i = 0; i < 200; i++) {
                assertNotEquals(p, FreePorts.one());
                int pair = FreePorts.adjacentPair();
                assertNotEquals(p, pair);
                assertNotEquals(p, pair + 1);
            }
        }
    }

    @Test
    void twoPortsDiffer() {
        for (int i = 0; i < 50; i++) {
            int[] two = FreePorts.two();
            assertNotEquals(two[0], two[1]);
            assertBelowEphemeral(two[0]);
            assertBelowEphemeral(two[1]);
        }
    }

    private static void assertBelowEphemeral(int port) {
        if (Files.isReadable(RANGE)) {
            int low = assertDoesNotThrow(() -> Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]));
            assertTrue(port < low, port + " is in the ephemeral range from " + low);
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return s;
    }
}

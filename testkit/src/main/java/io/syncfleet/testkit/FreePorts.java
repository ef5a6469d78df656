package io.syncfleet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for tests. A port is picked, checked by binding it, and released for the
 * process under test to bind, so another process may race for it. To make that unlikely, ports are
 * picked below the kernel's ephemeral range: a port from that range, once released, may be handed
 * to any outgoing connection (a Kafka client's, say) before the process under test binds it.
 */
public final class FreePorts {

    /** Read line by line: Files.readString of this procfs file returns only its first byte on JDK 17. */
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;

    private FreePorts() {
    }

    public static int one() {
        return adjacent(1);
    }

    /** Two distinct free ports. */
    public static int[] two() {
        int a = one();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int b = one();
            if (b != a) {
                return new int[] {a, b};
            }
        }
        throw noPort("two free ports");
    }

    /**
     * A port {@code p} such that {@code p} and {@code p + 1} are both free, for a process that listens
     * on both (the embedded broker's controller takes {@code kafka.embeddedPort + 1}).
     */
    public static int adjacentPair() {
        return adjacent(2);
    }

    private static int adjacent(int count) {
        int below = ephemeralLow();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int p = below - count > LOWEST ? random.nextInt(LOWEST, below - count + 1) : kernelPicked();
            if (p + count - 1 <= 65535 && allFree(p, count)) {
                return p;
            }
        }
        throw noPort(count + " adjacent free ports");
    }

    private static boolean allFree(int first, int count) {
        ServerSocket[] held = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                held[i] = bind(first + i);
            }
            return true;
        } catch (IOException taken) {
            return false;
        } finally {
            for (ServerSocket s : held) {
                closeQuietly(s);
            }
        }
    }

    private static int kernelPicked() {
        try (ServerSocket s = bind(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static int ephemeralLow() {
        try {
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unknown) {
            return 0; // not Linux: the kernel picks
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static void closeQuietly(ServerSocket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing held any more
            }
        }
    }

    private static UncheckedIOException noPort(String what) {
        return new UncheckedIOException(new IOException("no " + what + " on 127.0.0.1"));
    }
}

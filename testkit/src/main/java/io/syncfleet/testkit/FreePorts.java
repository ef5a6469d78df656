package io.syncfleet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free ports on 127.0.0.1, picked by binding port 0 (fine for tests only: another process may race). */
public final class FreePorts {

    private FreePorts() {
    }

    public static int one() {
        try (ServerSocket s = bind()) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Two distinct free ports (both held while picking, so they differ). */
    static int[] two() {
        try (ServerSocket a = bind(); ServerSocket b = bind()) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static ServerSocket bind() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return s;
    }
}

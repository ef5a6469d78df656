package io.syncfleet.keeper.probe;

import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.keeper.domain.ProbeResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Probes an rsync daemon: connect over TCP and read its greeting line ({@code @RSYNCD: 32.0 ...}), both
 * within one timeout, then close. Connecting is not enough: a frozen (SIGSTOPped) daemon still gets its
 * connections accepted by the kernel but never greets, and must fail. A killed daemon fails fast with
 * {@code connection refused}. The daemon logs the probe as a plain {@code connect from} line.
 *
 * <p>The host name is resolved before the timeout starts; a resolver that hangs is bounded by
 * {@link ProbeRunner}'s result timeout instead.
 */
public final class RsyncDaemonProbe implements Probe {

    static final String GREETING = "@RSYNCD: ";
    private static final int MAX_LINE = 256;

    private final Duration timeout;
    private final String timeoutText;

    public RsyncDaemonProbe(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("probe timeout must be positive, got " + timeout);
        }
        this.timeoutText = Durations.format(timeout);
    }

    @Override
    public ProbeResult probe(TargetUrl target) {
        if (!target.daemon()) {
            throw new IllegalArgumentException("not an rsync:// target: " + target);
        }
        return probe(target.host(), target.port());
    }

    /** Probes {@code host:port}; an IPv6 host may be written in brackets. */
    public ProbeResult probe(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetSocketAddress address = new InetSocketAddress(bare, port);
        if (address.isUnresolved()) {
            return ProbeResult.failed("unknown host " + host);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(address, remainingMillis(deadline));
            } catch (SocketTimeoutException e) {
                return ProbeResult.failed("no connection within " + timeoutText);
            }
            return readGreeting(socket, deadline);
        } catch (NoRouteToHostException e) {
            return ProbeResult.failed("no route to host");
        } catch (ConnectException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            return ProbeResult.failed(m.startsWith("connection refused") ? "connection refused" : "connect failed: " + m);
        } catch (IOException e) {
            return ProbeResult.failed("connect failed: " + e.getMessage());
        }
    }

    private ProbeResult readGreeting(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < MAX_LINE) {
            int wait = remainingMillis(deadline);
            if (wait <= 0) {
                return noGreeting();
            }
            socket.setSoTimeout(wait);
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                return noGreeting();
            }
            if (b < 0) {
                return ProbeResult.failed("connection closed before the rsync greeting"
                        + (line.size() == 0 ? "" : ", after '" + printable(line) + "'"));
            }
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        String text = printable(line);
        if (!text.startsWith(GREETING)) {
            return ProbeResult.failed("not an rsync daemon: got '" + text + "'");
        }
        String[] words = text.split(" ");
        return ProbeResult.ok("greeting " + GREETING + (words.length > 1 ? words[1] : ""));
    }

    private ProbeResult noGreeting() {
        return ProbeResult.failed("no rsync greeting within " + timeoutText);
    }

    /** Milliseconds left, at least 1 while time is left (0 would mean "no timeout" to a socket). */
    private static int remainingMillis(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis()));
    }

    /** The bytes as ASCII with anything unprintable as '?', at most 60 characters. */
    private static String printable(ByteArrayOutputStream bytes) {
        String s = bytes.toString(StandardCharsets.ISO_8859_1).strip().replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}

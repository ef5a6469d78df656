package io.syncfleet.common.config;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code host:port} pair as written in the config. An IPv6 host keeps its brackets
 * ({@code [::1]:7070}), which {@link java.net.InetAddress#getByName} accepts.
 */
public record HostPort(String host, int port) {

    private static final Pattern SYNTAX = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");

    public HostPort {
        Objects.requireNonNull(host, "host");
    }

    /**
     * Parses {@code host:port} with a port in {@code minPort..65535}; throws IllegalArgumentException
     * saying what is expected.
     */
    public static HostPort parse(String text, int minPort) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < minPort || port > 65535) {
            throw new IllegalArgumentException("port " + port + " in '" + text + "' is out of range "
                    + minPort + "..65535");
        }
        return new HostPort(m.group(1), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}

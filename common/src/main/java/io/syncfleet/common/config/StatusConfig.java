package io.syncfleet.common.config;

import java.util.Objects;

/**
 * {@code status.*}.
 *
 * @param host address the status HTTP server binds to
 * @param port its port; 0 disables the server
 * @param allowActions whether {@code POST /actions/...} may ask for full syncs and replays
 * @param token the bearer token actions need; empty for none. Secret: never logged, masked when printed
 */
public record StatusConfig(String host, int port, boolean allowActions, String token) {

    public StatusConfig {
        Objects.requireNonNull(token, "token");
    }

    /** Status without actions. */
    public StatusConfig(String host, int port) {
        this(host, port, false, "");
    }

    public String listen() {
        return host + ":" + port;
    }

    /** Keeps the token out of logs and exception messages. */
    @Override
    public String toString() {
        return "StatusConfig[listen=" + listen() + ", allowActions=" + allowActions + ", token="
                + (token.isEmpty() ? "" : Secrets.MASK) + "]";
    }
}

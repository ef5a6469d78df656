package io.syncfleet.common.config;

/**
 * {@code status.*}.
 *
 * @param host address the status HTTP server binds to
 * @param port its port; 0 disables the server
 */
public record StatusConfig(String host, int port) {
    public String listen() {
        return host + ":" + port;
    }
}

package io.syncfleet.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.syncfleet.app.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code GET /status} (JSON) on {@code status.listen}, and {@code POST /push} where the node pushes. */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer server;

    private StatusServer(HttpServer server) {
        this.server = server;
    }

    /** Binds and starts; throws {@link UserError} naming {@code status.listen} when the address is taken. */
    public static StatusServer start(String host, int port, Supplier<Map<String, Object>> status) {
        return start(host, port, status, null);
    }

    /** As {@link #start(String, int, Supplier)}, and serves {@code POST /push} with {@code push} when not null. */
    public static StatusServer start(String host, int port, Supplier<Map<String, Object>> status, PushEndpoint push) {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (BindException e) {
            throw new UserError("status.listen: cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); another syncfleet may be running, or choose another port (0 disables the server)");
        } catch (IOException e) {
            throw new UserError("status.listen: cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        s.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "status-http");
            t.setDaemon(true);
            return t;
        }));
        s.createContext("/status", ex -> {
            try (ex) {
                if (!"GET".equals(ex.getRequestMethod())) {
                    send(ex, 405, Map.of("error", "use GET"));
                    return;
                }
                send(ex, 200, status.get());
            } catch (RuntimeException e) {
                LOG.warn("GET /status failed: {}", e.toString());
                send(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
            }
        });
        if (push != null) {
            s.createContext("/push", push);
        }
        s.start();
        LOG.info("status at http://{}:{}/status", host, s.getAddress().getPort());
        return new StatusServer(s);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code path} (and what is below it, unless a longer path has its own handler) with {@code handler}. */
    public void handle(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** Sends {@code body} as JSON. */
    static void send(HttpExchange ex, int code, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

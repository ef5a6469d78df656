package io.syncfleet.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.syncfleet.watcher.app.ManualPush;
import io.syncfleet.watcher.app.PushRejectedException;
import io.syncfleet.watcher.app.WatcherException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /push}: the body is a JSON list of paths ({@code ["www/index.html", "/srv/site/static"]}),
 * or {@code {"paths": [...]}}; they are pushed by {@link ManualPush}. Answers 200 with what was sent,
 * 400 with {@code {"error", "rejected": [{"path", "reason"}]}} when any path is refused (nothing is
 * sent) or the body is not such a list, 503 when Kafka did not acknowledge.
 */
public final class PushEndpoint implements HttpHandler {

    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PushEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPECTED = "expected a JSON list of paths, e.g. [\"www/index.html\"]";

    private volatile ManualPush push;

    public PushEndpoint(ManualPush push) {
        this.push = Objects.requireNonNull(push, "push");
    }

    /** Serves later requests with {@code next} (a reloaded config: new excludes); one in progress finishes as it began. */
    public void use(ManualPush next) {
        this.push = Objects.requireNonNull(next, "push");
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                StatusServer.send(ex, 405, Map.of("error", "use POST with " + EXPECTED));
                return;
            }
            List<byte[]> paths;
            try {
                paths = parse(ex.getRequestBody());
            } catch (IOException | IllegalArgumentException e) {
                StatusServer.send(ex, 400, Map.of("error", EXPECTED + " (" + e.getMessage() + ")"));
                return;
            }
            try {
                ManualPush.Outcome done = this.push.push(paths);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("batchId", done.batchId());
                body.put("changed", done.changed().stream().map(Object::toString).toList());
                body.put("rescans", done.rescans().stream().map(Object::toString).toList());
                body.put("batches", done.batches());
                StatusServer.send(ex, 200, body);
            } catch (PushRejectedException e) {
                List<Map<String, String>> rejected = e.rejected().stream()
                        .map(r -> Map.of("path", r.given(), "reason", r.reason())).toList();
                StatusServer.send(ex, 400, Map.of("error", e.getMessage(), "rejected", rejected));
            } catch (WatcherException e) {
                boolean noPaths = paths.isEmpty();
                StatusServer.send(ex, noPaths ? 400 : 503, Map.of("error", e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                StatusServer.send(ex, 503, Map.of("error", "interrupted while pushing"));
            } catch (RuntimeException e) {
                LOG.warn("POST /push failed: {}", e.toString());
                StatusServer.send(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
            }
        }
    }

    static List<byte[]> parse(InputStream body) throws IOException {
        byte[] raw = body.readNBytes(MAX_BODY_BYTES + 1);
        if (raw.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body over " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode root = JSON.readTree(raw);
        JsonNode list = root != null && root.isObject() ? root.get("paths") : root;
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("got " + (root == null ? "nothing" : root.getNodeType()));
        }
        List<byte[]> paths = new ArrayList<>();
        for (JsonNode n : list) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("a path is " + n.getNodeType() + ", not a string");
            }
            paths.add(n.textValue().getBytes(StandardCharsets.UTF_8));
        }
        return paths;
    }
}

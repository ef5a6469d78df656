package io.syncfleet.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.syncfleet.common.config.Durations;
import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.topic.Topics;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /actions/full-sync?target=ID} and {@code POST /actions/replay?target=ID&since=1h}: the
 * dashboard's buttons. Each becomes the same {@link TargetRequest} as {@code syncfleet replay}, which the
 * health keeper carries out (the target goes through recovery and back to ready).
 *
 * <p>Off unless {@code status.allowActions: true} (403). When {@code status.token} is set, the request must
 * carry {@code Authorization: Bearer <token>} (401). Every refusal is JSON {@code {"error": "..."}} saying
 * what to change.
 */
public final class ActionHandler implements HttpHandler {

    /** What the actions need from the node. */
    public interface Actions {
        /** True when the fleet has the target. */
        boolean knows(String targetId) throws Exception;

        /** Publishes the request; returns its id. */
        String request(TargetRequest.Action action, String targetId, long sinceMillis, String requestedBy)
                throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ActionHandler.class);

    private final boolean allowed;
    private final byte[] token;
    private final Actions actions;
    private final Clock clock;

    public ActionHandler(boolean allowed, String token, Actions actions, Clock clock) {
        this.allowed = allowed;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.actions = actions;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Reply r = reply(ex);
            if (r.code() == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"syncfleet\"");
            }
            StatusServer.send(ex, r.code(), r.body());
        }
    }

    private record Reply(int code, Map<String, Object> body) {
        static Reply error(int code, String message) {
            return new Reply(code, Map.of("error", message));
        }
    }

    private Reply reply(HttpExchange ex) {
        if (!"POST".equals(ex.getRequestMethod())) {
            return Reply.error(405, "use POST");
        }
        if (!allowed) {
            return Reply.error(403, "actions are off: set status.allowActions: true in the config (and status.token"
                    + " unless only trusted hosts reach status.listen)");
        }
        if (token.length > 0 && !tokenMatches(ex.getRequestHeaders().getFirst("Authorization"))) {
            return Reply.error(401, "missing or wrong token: send the header 'Authorization: Bearer <status.token>'");
        }
        String name = ex.getRequestURI().getPath().substring("/actions/".length());
        TargetRequest.Action action = switch (name) {
            case "full-sync" -> TargetRequest.Action.FULL_SYNC;
            case "replay" -> TargetRequest.Action.REPLAY;
            default -> null;
        };
        if (action == null) {
            return Reply.error(404, "no action '" + name + "': use /actions/full-sync or /actions/replay");
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String target = q.getOrDefault("target", "");
        if (!Topics.isValidTargetId(target)) {
            return Reply.error(400, "target: give the target id, e.g. ?target=web1");
        }
        long now = clock.millis();
        long since = -1;
        if (action == TargetRequest.Action.REPLAY) {
            try {
                since = now - Durations.parse(q.getOrDefault("since", "")).toMillis();
            } catch (IllegalArgumentException e) {
                return Reply.error(400, "since: give how far back to replay, e.g. ?since=30m (or 2h, 1d)");
            }
        }
        String who = "dashboard@" + ex.getRemoteAddress().getAddress().getHostAddress();
        try {
            if (!actions.knows(target)) {
                return Reply.error(404, "no target '" + target + "' in the fleet");
            }
            String id = actions.request(action, target, since, who);
            LOG.info("action [{}] for target [{}] requested by [{}] (request {})", name, target, who, id);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("action", name);
            body.put("target", target);
            body.put("requestId", id);
            body.put("message", "requested: " + name + " of " + target + "; it goes through recovery and back to"
                    + " ready");
            return new Reply(202, body);
        } catch (Exception e) {
            LOG.warn("action [{}] for target [{}] not requested: {}", name, target, e.toString());
            return Reply.error(503, "cannot reach Kafka to request it: " + e.getMessage());
        }
    }

    private boolean tokenMatches(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}

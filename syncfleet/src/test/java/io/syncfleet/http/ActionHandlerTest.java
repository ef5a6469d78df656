package io.syncfleet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.event.TargetRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard's actions over loopback HTTP: who may ask, what is asked, and every refusal's reply. */
class ActionHandlerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T08:00:00Z"), ZoneOffset.UTC);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Asked(TargetRequest.Action action, String target, long sinceMillis, String by) {
    }

    /** Records what it is asked; knows web1 and web2; fails like an unreachable Kafka when told to. */
    private static final class RecordingActions implements ActionHandler.Actions {
        final List<Asked> asked = new ArrayList<>();
        boolean kafkaDown;

        @Override
        public boolean knows(String targetId) throws Exception {
            if (kafkaDown) {
                throw new java.util.concurrent.TimeoutException("no broker answered in 15 s");
            }
            return Set.of("web1", "web2").contains(targetId);
        }

        @Override
        public String request(TargetRequest.Action action, String targetId, long sinceMillis, String by) {
            asked.add(new Asked(action, targetId, sinceMillis, by));
            return "req-" + asked.size();
        }
    }

    private final RecordingActions actions = new RecordingActions();
    private StatusServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void serve(boolean allowed, String token) {
        server = StatusServer.start("127.0.0.1", 0, Map::of);
        server.handle("/actions/", new ActionHandler(allowed, token, actions, CLOCK));
    }

    private HttpResponse<String> post(String pathAndQuery, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void offUnlessAllowed() throws Exception {
        serve(false, "");
        HttpResponse<String> r = post("/actions/full-sync?target=web1", null);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("status.allowActions: true"), r.body());
        assertTrue(actions.asked.isEmpty());
    }

    @Test
    void aSetTokenIsRequiredAndCheckedExactly() throws Exception {
        serve(true, "s3cret");
        for (String auth : new String[] {null, "Bearer wrong", "Bearer s3cre", "Basic s3cret", "s3cret"}) {
            HttpResponse<String> r = post("/actions/full-sync?target=web1", auth);
            assertEquals(401, r.statusCode(), String.valueOf(auth));
            assertEquals("Bearer realm=\"syncfleet\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
            assertTrue(r.body().contains("Authorization: Bearer"), r.body());
            assertFalse(r.body().contains("s3cret"), "the reply must not leak the token: " + r.body());
        }
        assertTrue(actions.asked.isEmpty());
        HttpResponse<String> ok = post("/actions/full-sync?target=web1", "Bearer s3cret");
        assertEquals(202, ok.statusCode(), ok.body());
        assertEquals(List.of(new Asked(TargetRequest.Action.FULL_SYNC, "web1", -1, "dashboard@127.0.0.1")),
                actions.asked);
        assertTrue(ok.body().contains("\"requestId\" : \"req-1\""), ok.body());
    }

    @Test
    void replayGoesBackTheGivenDuration() throws Exception {
        serve(true, "");
        assertEquals(202, post("/actions/replay?target=web2&since=30m", null).statusCode());
        long since = CLOCK.millis() - Duration.ofMinutes(30).toMillis();
        assertEquals(List.of(new Asked(TargetRequest.Action.REPLAY, "web2", since, "dashboard@127.0.0.1")),
                actions.asked);
    }

    @Test
    void badRequestsAreRefusedWithWhatToChange() throws Exception {
        serve(true, "");
        assertRefused(post("/actions/replay?target=web2", null), 400, "since: give how far back");
        assertRefused(post("/actions/replay?target=web2&since=yesterday", null), 400, "?since=30m");
        assertRefused(post("/actions/full-sync", null), 400, "?target=web1");
        assertRefused(post("/actions/full-sync?target=../etc", null), 400, "target");
        assertRefused(post("/actions/full-sync?target=web9", null), 404, "no target 'web9' in the fleet");
        assertRefused(post("/actions/reboot?target=web1", null), 404, "use /actions/full-sync or /actions/replay");
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/actions/full-sync?target=web1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(get, 405, "use POST");
        actions.kafkaDown = true;
        assertRefused(post("/actions/full-sync?target=web1", null), 503, "cannot reach Kafka");
        assertTrue(actions.asked.isEmpty(), actions.asked::toString);
    }

    private static void assertRefused(HttpResponse<String> r, int code, String says) {
        assertEquals(code, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(r.body().contains("\"error\"") && r.body().contains(says), r.body());
    }
}

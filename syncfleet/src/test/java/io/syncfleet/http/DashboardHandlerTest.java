package io.syncfleet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard page: served at / only, self-contained, told whether actions work. */
class DashboardHandlerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private StatusServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pageCarriesItsSettingsAndLoadsNothingFromElsewhere() throws Exception {
        server = StatusServer.start("127.0.0.1", 0, Map::of);
        server.handle("/", new DashboardHandler(true, false));
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains("const SETTINGS = {\"actions\":true,\"tokenRequired\":false};"), r.body());
        assertFalse(r.body().contains(DashboardHandler.PLACEHOLDER));
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(r.body()).find(), "no external resources");
        assertTrue(r.body().contains("fetch(\"/status\""));
        assertEquals(200, get("/index.html").statusCode());
    }

    @Test
    void otherPathsAreNotFoundAndStatusKeepsItsOwnHandler() throws Exception {
        server = StatusServer.start("127.0.0.1", 0, () -> Map.of("roles", "all"));
        server.handle("/", new DashboardHandler(false, true));
        HttpResponse<String> r = get("/nothing-here");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("see / (dashboard), /status, /metrics"), r.body());
        assertTrue(get("/status").body().contains("\"roles\" : \"all\""));
        assertTrue(get("/").body().contains("{\"actions\":false,\"tokenRequired\":true}"));
    }
}

package io.syncfleet.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /}: the dashboard, one self-contained page ({@code dashboard.html} beside this class: inline
 * CSS and JS, nothing from elsewhere) that polls {@code /status}. The page is told at serve time whether its
 * action buttons work and whether they need the token (never the token itself).
 */
public final class DashboardHandler implements HttpHandler {

    static final String PLACEHOLDER = "/*SETTINGS*/{}";

    private final byte[] page;

    public DashboardHandler(boolean actionsAllowed, boolean tokenRequired) {
        String settings = "{\"actions\":" + actionsAllowed + ",\"tokenRequired\":" + tokenRequired + "}";
        this.page = template().replace(PLACEHOLDER, settings).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.equals("/") && !path.equals("/index.html")) {
                StatusServer.send(ex, 404, Map.of("error", "nothing at " + path
                        + "; see / (dashboard), /status, /metrics"));
                return;
            }
            if (!"GET".equals(ex.getRequestMethod())) {
                StatusServer.send(ex, 405, Map.of("error", "use GET"));
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, page.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(page);
            }
        }
    }

    private static String template() {
        try (InputStream in = DashboardHandler.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

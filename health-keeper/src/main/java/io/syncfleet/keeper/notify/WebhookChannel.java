package io.syncfleet.keeper.notify;

import io.syncfleet.common.config.AlertsConfig;
import io.syncfleet.common.config.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code alerts.webhook}: POSTs the alert's JSON to the url with {@code Content-Type: application/json} and
 * the configured headers. A 2xx status is delivered; any other status (with the start of its body), a
 * timeout or a connection failure is not. Redirects are not followed (a POST would turn into a GET).
 */
public final class WebhookChannel implements AlertChannel {

    private static final int MAX_BODY_SHOWN = 200;

    private final URI url;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final HttpClient client;

    /** @throws IllegalArgumentException naming the header when one of them cannot be set (Host, Content-Length...) */
    public WebhookChannel(AlertsConfig.Webhook config, Duration timeout) {
        this.url = URI.create(config.url());
        this.headers = config.headers();
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        request("{}");
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public String send(AlertMessage message) throws DeliveryException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = client.send(request(message.json()), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new DeliveryException("no answer from " + url + " within alerts.timeout " + Durations.format(timeout), e);
        } catch (IOException e) {
            throw new DeliveryException("POST " + url + " failed: " + e, e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String body = response.body().strip().replaceAll("\\s+", " ");
            body = body.length() > MAX_BODY_SHOWN ? body.substring(0, MAX_BODY_SHOWN) + "..." : body;
            throw new DeliveryException("POST " + url + " answered HTTP " + status + (body.isEmpty() ? "" : ": " + body));
        }
        return "HTTP " + status;
    }

    private HttpRequest request(String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8").header("User-Agent", "syncfleet-alerts");
        headers.forEach((k, v) -> {
            try {
                b.header(k, v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("alerts.webhook.headers." + k + ": " + e.getMessage()
                        + "; remove it (the HTTP client sets it)", e);
            }
        });
        return b.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    }
}

package io.syncfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.syncfleet.cli.CliTest.Result;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code syncfleet test-alert}: a test alert on every channel, one line each, exit 1 when one failed. */
class TestAlertCommandIT {

    @TempDir
    Path tmp;

    private HttpServer http;

    @BeforeEach
    void server() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/down", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private Path config(String alerts) throws Exception {
        Path f = tmp.resolve("syncfleet.yml");
        Files.writeString(f, "source: {baseDir: " + tmp + "}\nkafka: {topicPrefix: shop}\n" + alerts);
        return f;
    }

    @Test
    void everyChannelGetsTheTestAlertAndAFailureIsNamed() throws Exception {
        Path out = tmp.resolve("alert.json");
        Path f = config("alerts:\n  command: ['/bin/sh', '-c', 'cat > \"$0\"', '" + out + "']\n"
                + "  webhook: {url: 'http://127.0.0.1:" + http.getAddress().getPort() + "/down'}\n");
        Result r = CliTest.run("test-alert", "--config", f.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals("command: delivered (exit 0)\nwebhook: NOT delivered: POST http://127.0.0.1:"
                + http.getAddress().getPort() + "/down answered HTTP 503\n", r.out());
        JsonNode json = new ObjectMapper().readTree(Files.readString(out));
        assertEquals("test", json.get("kind").asText());
        assertEquals("shop", json.get("fleet").asText());
        assertEquals(4, json.get("strategies").size());
    }

    @Test
    void allDeliveredExitsZero() throws Exception {
        Path f = config("alerts: {command: 'cat > /dev/null'}\n");
        Result r = CliTest.run("test-alert", "--config", f.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("command: delivered (exit 0)\n", r.out());
    }

    @Test
    void noChannelIsAOneLineUserError() throws Exception {
        Result r = CliTest.run("test-alert", "--config", config("").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("syncfleet: no alert channel is configured: set alerts.command,"
                + " alerts.webhook.url or alerts.email.host in "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}

package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncfleet.cli.Main;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.testkit.TestTrees;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manual push end to end: {@code syncfleet push} and {@code POST /push} against a running fleet (real
 * watcher, embedded Kafka, worker, an rsync daemon). A file removed on the target behind syncfleet's
 * back is something no watcher sees; a push brings it back. Escapes are refused and nothing is sent.
 */
class PushIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static FleetFixture fleet;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        fleet = new FleetFixture(tmp, 1, "status: {listen: \"127.0.0.1:" + port + "\"}\n");
        TestTrees.write(fleet.base, "site/page.html", "page");
        TestTrees.write(fleet.base, "site/docs/a/one.txt", "one");
        TestTrees.write(fleet.base, "site/docs/two.txt", "two");
        TestTrees.write(fleet.base, "secret/key", "never sent");
        TestTrees.symlink(fleet.base.resolve("site/up"), "../secret");
        fleet.awaitConverged(1);
    }

    @BeforeEach
    void quiet() {
        fleet.awaitIdle(1); // each test removes files on the target: no sync may still be writing there
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }

    private static HttpResponse<String> post(String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.node.statusPort() + "/push"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static List<ChangeBatch> pushedBatches() {
        return fleet.records(Topics.CHANGES).stream().map(ConsumerRecord::value)
                .filter(b -> b.watcher().startsWith("push@")).toList();
    }

    private static Path onTarget(String rel) {
        return fleet.targets.get(0).root().resolve(rel);
    }

    @Test
    void theCliPushesAFileTheTargetLost() throws Exception {
        Files.delete(onTarget("site/page.html"));
        Cli r = cli("push", "--config", fleet.configFile.toString(), "site/page.html");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("pushed 1 changed paths in batch "), r.out());
        await().atMost(WAIT).until(() -> Files.exists(onTarget("site/page.html")));
        assertEquals("page", Files.readString(onTarget("site/page.html")));
        assertTrue(pushedBatches().stream().anyMatch(b -> b.kind() == ChangeKind.CHANGE
                && b.paths().equals(List.of(RelPath.of("site/page.html")))), pushedBatches().toString());
    }

    @Test
    void theCliReadsNulSeparatedPathsAndPushesADirectoryWhole() throws Exception {
        TestTrees.deleteTree(onTarget("site/docs"));
        Path list = Files.write(tmp.resolve("paths.bin"), ("site/docs\0" + fleet.base.resolve("site/page.html") + "\0")
                .getBytes(StandardCharsets.UTF_8));
        Cli r = cli("push", "--config", fleet.configFile.toString(), "--from-file", list.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("pushed 1 changed paths and 1 directories in full in batch "), r.out());
        fleet.awaitConverged(1);
        assertTrue(pushedBatches().stream().anyMatch(b -> b.kind() == ChangeKind.RESCAN
                && b.paths().equals(List.of(RelPath.of("site/docs")))), pushedBatches().toString());
    }

    @Test
    void theCliRefusesEscapesInOneLineAndSendsNothing() {
        int before = pushedBatches().size();
        Cli dotDot = cli("push", "--config", fleet.configFile.toString(), "site/page.html", "../secret/key");
        assertEquals(2, dotDot.code());
        assertEquals("syncfleet: push refused, nothing sent: [../secret/key]: '..' is not allowed (it could escape"
                + " source.baseDir); give the path without it\n", dotDot.err());
        Cli link = cli("push", "--config", fleet.configFile.toString(), "site/up/key");
        assertEquals(2, link.code());
        assertEquals("syncfleet: push refused, nothing sent: [site/up/key]: goes through the symbolic link [site/up],"
                + " which rsync would follow; push the path it points to instead\n", link.err());
        Cli outside = cli("push", "--config", fleet.configFile.toString(), "/etc/passwd");
        assertEquals(2, outside.code());
        assertTrue(outside.err().startsWith("syncfleet: push refused, nothing sent: [/etc/passwd]: outside"
                + " source.baseDir"), outside.err());
        assertEquals(before, pushedBatches().size(), "a refused push sends nothing, not even its good paths");
        assertFalse(Files.exists(onTarget("secret")));
    }

    @Test
    void postPushSendsAListOfPaths() throws Exception {
        Files.delete(onTarget("site/docs/two.txt"));
        HttpResponse<String> r = post("[\"" + fleet.base.resolve("site/docs/two.txt") + "\"]");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("site/docs/two.txt", body.get("changed").get(0).asText());
        await().atMost(WAIT).until(() -> Files.exists(onTarget("site/docs/two.txt")));
    }

    @Test
    void postPushRefusesEscapesWith400AndTheReasons() throws Exception {
        int before = pushedBatches().size();
        HttpResponse<String> r = post("{\"paths\": [\"site/page.html\", \"site/../secret/key\", \"secret/key\"]}");
        assertEquals(400, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.get("error").asText().startsWith("push refused, nothing sent: 2 paths may not be pushed"),
                r.body());
        assertEquals("site/../secret/key", body.get("rejected").get(0).get("path").asText());
        assertEquals("outside source.paths [site] below source.baseDir [" + fleet.base + "]",
                body.get("rejected").get(1).get("reason").asText());
        assertEquals(400, post("{\"nope\": 1}").statusCode());
        assertEquals(before, pushedBatches().size());
    }
}

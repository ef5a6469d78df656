package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code syncfleet trace} on real files synced by the whole pipeline to two real rsync daemons. */
class TraceIT {

    @TempDir
    static Path tmp;
    static FleetFixture fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = new FleetFixture(tmp, 2, "");
        fleet.awaitState("web1", "ready");
        fleet.awaitState("web2", "ready");
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result trace(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "trace";
        all[1] = "--config";
        all[2] = fleet.configFile.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(code, out.toString(), err.toString());
    }

    private static long delta(String text, String row) {
        Matcher m = Pattern.compile("(?m)^\\s+" + row + "\\s+\\S+Z\\s+\\+(\\d+)ms").matcher(text);
        assertTrue(m.find(), () -> row + " has no timing in:\n" + text);
        return Long.parseLong(m.group(1));
    }

    @Test
    void showsWhenEachTargetGotARealFile() throws Exception {
        Path file = fleet.base.resolve("site/traced.html");
        Files.writeString(file, "<p>trace me</p>\n");
        fleet.awaitConverged(1, 2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Result r = trace("site/traced.html");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("web1") && r.out().contains("web2") && !r.out().contains("not synced"),
                    r.out());
        });
        Result r = trace(file.toString(), "--limit", "1"); // absolute inside baseDir works too
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("source mtime") && r.out().contains("change CHANGE, batch"), r.out());
        assertTrue(r.out().contains("(deltas from mtime)") && !r.out().contains("RESCAN"), r.out());
        long seen = delta(r.out(), "seen");
        long published = delta(r.out(), "published");
        long web1 = delta(r.out(), "web1");
        long web2 = delta(r.out(), "web2");
        assertTrue(seen <= published && published <= web1 && published <= web2, r.out());
    }

    @Test
    void aTargetThatNeverGotItSaysSoWithItsState() throws Exception {
        Path file = fleet.base.resolve("site/missed.html");
        fleet.targets.get(1).kill();
        try {
            Files.writeString(file, "web2 is down\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(fleet.root(1).resolve("missed.html")));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Result r = trace("site/missed.html");
                assertTrue(r.out().matches("(?s).*web1\\s+\\S+Z\\s+\\+\\d+ms\\s+synced.*"), r.out());
                assertTrue(r.out().matches("(?s).*web2\\s+not synced.*target (unhealthy|dead).*"), r.out());
            });
        } finally {
            fleet.targets.get(1).restart();
        }
    }

    @Test
    void statusWatchRedrawsTheLiveFleet() {
        StringWriter out = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "status",
                "--config", fleet.configFile.toString(), "--watch", "--interval", "200ms", "--count", "2");
        assertEquals(0, code);
        String last = out.toString().substring(out.toString().lastIndexOf("\033[2J"));
        assertTrue(out.toString().indexOf("\033[2J") < out.toString().lastIndexOf("\033[2J"), "two frames");
        assertTrue(last.contains("web1") && last.contains("web2") && last.contains("every 0.2s"), last);
    }

    @Test
    void statusPrintsTheFleetOnceAsTableAndAsJson() {
        StringWriter table = new StringWriter();
        assertEquals(0, Main.execute(new PrintWriter(table, true), new PrintWriter(new StringWriter(), true),
                "status", "--config", fleet.configFile.toString()));
        assertTrue(table.toString().startsWith("TARGET"), table.toString());
        assertTrue(table.toString().contains("web1") && table.toString().contains("web2"), table.toString());
        StringWriter json = new StringWriter();
        assertEquals(0, Main.execute(new PrintWriter(json, true), new PrintWriter(new StringWriter(), true),
                "status", "--json", "--config", fleet.configFile.toString()));
        assertTrue(json.toString().matches("(?s).*\"broker\" : \"\\S+.*"), json.toString());
        assertTrue(json.toString().contains("\"id\" : \"web1\"") && json.toString().contains("\"id\" : \"web2\""),
                json.toString());
    }

    @Test
    void aPathOutsideTheBaseIsAOneLineError() {
        Result r = trace(tmp.resolve("elsewhere.txt").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a path inside source.baseDir"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        Result up = trace("../x");
        assertEquals(2, up.code());
        assertTrue(up.err().contains("relative to source.baseDir"), up.err());
    }
}

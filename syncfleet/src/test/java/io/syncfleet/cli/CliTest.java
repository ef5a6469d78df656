package io.syncfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first-minute mistakes: each gets a clear answer and a non-zero exit, never a stack trace. */
class CliTest {

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path config(String yaml) throws Exception {
        Path f = tmp.resolve("syncfleet.yml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void badKeyIsNamedWithLineAndSuggestion() throws Exception {
        Path f = config("kafka:\n  bootstrp: embedded\nsource: {baseDir: " + tmp + "}\n"
                + "targets: {static: [{id: web1, url: \"ftp://x\"}]}\n");
        Result r = run("check-config", "--config", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("kafka.bootstrp"), r.err());
        assertTrue(r.err().contains("kafka.bootstrap"), r.err());
        assertTrue(r.err().contains("targets.static[0].url"), r.err());
        assertTrue(r.err().contains("line"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void missingConfigFileIsNamed() {
        Result r = run("check-config", "--config", tmp.resolve("nope.yml").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nope.yml"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void checkConfigPrintsEffectiveConfigWithSecretsMasked() throws Exception {
        Path f = config("kafka:\n  properties: {sasl.jaas.config: \"secret-value\"}\nsource: {baseDir: " + tmp + "}\n"
                + "targets: {static: [{id: web1, url: \"rsync://127.0.0.1:873/www\"}]}\n");
        Result r = run("check-config", "--config", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rsync://127.0.0.1:873/www"), r.out());
        assertFalse(r.out().contains("secret-value"), r.out());
    }

    @Test
    void missingSourceDirAndMissingRsyncAreOneLineEach() throws Exception {
        Path f = config("source: {baseDir: " + tmp.resolve("no-such-dir") + "}\n"
                + "rsync: {binary: /nonexistent/rsync}\n"
                + "targets: {static: [{id: web1, url: \"rsync://127.0.0.1:873/www\"}]}\n"
                + "status: {listen: \"127.0.0.1:0\"}\n");
        Result r = run("run", "--config", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("source.baseDir: directory " + tmp.resolve("no-such-dir") + " does not exist"),
                r.err());
        assertTrue(r.err().contains("rsync.binary: '/nonexistent/rsync' not found"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void unknownRoleIsNamed() throws Exception {
        Result r = run("run", "--roles", "watcher,wrker", "--config", tmp.resolve("x.yml").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown role 'wrker'"), r.err());
    }

    @Test
    void helpEverywhere() {
        for (String cmd : new String[] {"run", "quickstart", "broker", "check-config", "status"}) {
            Result r = run(cmd, "--help");
            assertEquals(0, r.code(), cmd);
            assertTrue(r.out().contains("Usage: syncfleet " + cmd), r.out());
        }
    }
}

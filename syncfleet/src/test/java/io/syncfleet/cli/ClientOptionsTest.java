package io.syncfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.app.UserError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The mixin of the client commands: the config file it reads, its one-line errors, and the user output. */
class ClientOptionsTest {

    @TempDir
    Path tmp;

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            return 0;
        }
    }

    private static ClientOptions parsed(StringWriter out, String... args) {
        Probe probe = new Probe();
        CommandLine cl = new CommandLine(probe);
        cl.setOut(new PrintWriter(out, true));
        cl.parseArgs(args);
        return probe.client;
    }

    @Test
    void missingConfigFileIsOneUserErrorNamingTheFile() {
        Path missing = tmp.resolve("nope.yml");
        UserError e = assertThrows(UserError.class, () -> parsed(new StringWriter(), "--config", missing.toString())
                .load());
        assertEquals(2, e.exitCode());
        assertEquals(missing + ": 1 problem\n  config file " + missing + " does not exist; point --config at an existing file"
                + " (deploy/etc/syncfleet.yml is a commented example; bin/syncfleet quickstart writes a working one)",
                e.getMessage());
    }

    @Test
    void invalidConfigNamesTheFileAndEveryProblemWithItsKeyAndFix() throws Exception {
        Path bad = tmp.resolve("bad.yml");
        Files.writeString(bad, "kafka:\n  bootstrp: embedded\nsource: {baseDir: " + tmp + "}\n"
                + "targets: {static: [{id: web1, url: \"ftp://x\"}]}\n");
        UserError e = assertThrows(UserError.class, () -> parsed(new StringWriter(), "-c", bad.toString()).load());
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith(bad + ": 2 problems\n"), e.getMessage());
        assertTrue(e.getMessage().contains("kafka.bootstrp: unknown key; did you mean kafka.bootstrap? (line 2)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("targets.static[0].url"), e.getMessage());
    }

    @Test
    void fileIsTheOneGivenWithConfig() {
        Path f = tmp.resolve("fleet.yml");
        assertEquals(f, parsed(new StringWriter(), "--config", f.toString()).file());
    }

    @Test
    void sayPrintsOneLineOnTheCommandsOut() {
        StringWriter out = new StringWriter();
        ClientOptions client = parsed(out);
        client.say("requested: add target web7");
        assertEquals("requested: add target web7" + System.lineSeparator(), out.toString());
    }

    @Test
    void everyClientCommandAnswersAMissingConfigWithItsNameAndExit2() {
        String missing = tmp.resolve("nope.yml").toString();
        List<String[]> commands = List.of(new String[] {"check-config"}, new String[] {"status"},
                new String[] {"status", "--watch"}, new String[] {"trace", "x"},
                new String[] {"replay", "--target", "web1", "--since", "1h"}, new String[] {"targets", "list"},
                new String[] {"targets", "add", "web9", "rsync://h/m"}, new String[] {"targets", "remove", "web9"},
                new String[] {"dustbin", "list"}, new String[] {"dustbin", "retry"},
                new String[] {"dustbin", "drop", "abcdef"}, new String[] {"push", "p"}, new String[] {"test-alert"});
        for (String[] command : commands) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--config", missing));
            CliTest.Result r = CliTest.run(args.toArray(String[]::new));
            String what = String.join(" ", command);
            assertEquals(2, r.code(), what + ": " + r.err());
            assertEquals("syncfleet: " + missing + ": 1 problem\n  config file " + missing + " does not exist;"
                    + " point --config at an existing file (deploy/etc/syncfleet.yml is a commented example;"
                    + " bin/syncfleet quickstart writes a working one)", r.err().strip(), what);
            assertEquals("", r.out(), what);
            assertFalse(r.err().contains("\tat "), what + ": " + r.err());
        }
    }
}

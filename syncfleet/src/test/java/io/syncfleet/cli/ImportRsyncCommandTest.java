package io.syncfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.migrate.RsyncScriptImporterTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import-rsync} end to end: sample scripts in, a proposal out that check-config accepts. */
class ImportRsyncCommandTest {

    @TempDir
    Path tmp;

    private Path sample(String name) throws Exception {
        return Files.writeString(tmp.resolve(name), RsyncScriptImporterTest.script(name));
    }

    @Test
    void theProposalPassesCheckConfig() throws Exception {
        Path out = tmp.resolve("proposal.yml");
        CliTest.Result r = CliTest.run("import-rsync", sample("push-www.sh").toString(), sample("odd-lines.sh").toString(),
                "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("wrote " + out + ": source.baseDir /data/www"), r.out());
        assertTrue(r.out().contains("odd-lines.sh:4: part of a pipe"), r.out());
        String yaml = Files.readString(out);
        assertTrue(yaml.contains("odd-lines.sh:3: source /data/www/*.html: wildcard"), yaml);
        assertTrue(yaml.contains("exclude: [\"*.tmp\", \".git/\"]"), "no '*' from the line with --include: " + yaml);
        assertTrue(yaml.contains("- {id: \"backup1\", url: \"deploy@backup1:/srv/www\"}"), yaml);
        CliTest.Result check = CliTest.run("check-config", "--config", out.toString());
        assertEquals(0, check.code(), check.err() + "\n" + yaml);
        assertTrue(check.out().contains("rsync://web1/www") && check.out().contains("--rsh=ssh -p 2222"), check.out());
    }

    @Test
    void anExistingOutputIsKeptUnlessForced() throws Exception {
        Path out = Files.writeString(tmp.resolve("syncfleet.yml"), "mine\n");
        CliTest.Result r = CliTest.run("import-rsync", sample("push-www.sh").toString(), "-o", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("exists; choose another --output or add --force"), r.err());
        assertEquals("mine\n", Files.readString(out));
        assertEquals(0, CliTest.run("import-rsync", sample("push-www.sh").toString(), "-o", out.toString(),
                "--force").code());
        assertTrue(Files.readString(out).contains("baseDir: \"/data/www\""));
    }

    @Test
    void aScriptWithNothingToMapSaysSo() throws Exception {
        Path s = Files.writeString(tmp.resolve("pull.sh"), "rsync -a web1::www/ /data/www/\n");
        CliTest.Result r = CliTest.run("import-rsync", s.toString(), "-o", "-");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no rsync line could be mapped"), r.err());
        assertTrue(r.out().contains("pull.sh:1: remote source"), r.out());
    }
}

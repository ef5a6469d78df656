package io.syncfleet.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.migrate.RsyncImport.Finding;
import io.syncfleet.migrate.RsyncImport.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class RsyncScriptImporterTest {

    private static final Map<String, List<String>> FILES = Map.of("/etc/rsync/www.exclude",
            List.of("# editor files", "*.swp", "", "- cache/", "+ keep.tmp"));

    public static String script(String name) throws IOException {
        try (InputStream in = RsyncScriptImporterTest.class.getResourceAsStream("/import-rsync/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static RsyncImport importing(String name, String text) {
        return new RsyncScriptImporter(f -> Optional.ofNullable(FILES.get(f))).add(name, text).result();
    }

    private static Finding finding(RsyncImport r, int line) {
        return r.findings().stream().filter(f -> f.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no finding on line " + line + " in " + r.findings()));
    }

    @Test
    void mapsLoopsVariablesContinuationsAndSshOptions() throws Exception {
        RsyncImport r = importing("push-www.sh", script("push-www.sh"));
        assertEquals("/data/www", r.baseDir());
        assertEquals(List.of("template", "resource", "static"), r.paths());
        assertEquals(List.of(new Target("web1", "rsync://web1/www"), new Target("web2", "rsync://web2/www"),
                new Target("backup1", "deploy@backup1:/srv/www")), r.targets());
        assertEquals(List.of("*.tmp", ".git/", "*.swp", "cache/"), r.excludes());
        assertEquals(List.of("-z", "--bwlimit=500", "--rsh=ssh -p 2222"), r.extraArgs());
        assertEquals(30, r.timeoutSeconds());
        assertEquals(1, r.findings().stream().filter(f -> f.why().contains("include rule '+ keep.tmp'")).count(),
                r.findings().toString());
        assertEquals(List.of(12), r.findings().stream().map(Finding::line).distinct().toList(),
                "only the include rule of the exclude file is not mapped: " + r.findings());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("push-www.sh:22") && n.contains("deletions")),
                r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("~/.ssh/config")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("target backup1 gets only")), r.notes().toString());
    }

    @Test
    void reportsEachLineItCannotMapWithTheReason() throws Exception {
        RsyncImport r = importing("odd-lines.sh", script("odd-lines.sh"));
        assertTrue(finding(r, 3).why().startsWith("source /data/www/*.html: wildcard"), finding(r, 3).why());
        assertTrue(finding(r, 4).why().contains("pipe"), finding(r, 4).why());
        assertTrue(finding(r, 5).why().contains("--include"), finding(r, 5).why());
        assertTrue(r.findings().stream().anyMatch(f -> f.line() == 5 && f.why().contains("excludes are left out")),
                r.findings().toString());
        assertEquals(List.of(), r.excludes(), "'*' of the line with --include would exclude everything");
        assertTrue(finding(r, 6).why().contains("unknown option --frobnicate"), finding(r, 6).why());
        assertTrue(finding(r, 7).why().contains("$UNSET_HOST"), finding(r, 7).why());
        assertTrue(finding(r, 9).why().contains("$host is set by a 'while' loop"), finding(r, 9).why());
        assertTrue(finding(r, 11).why().contains("is local"), finding(r, 11).why());
        assertTrue(finding(r, 12).why().contains("relative to the remote user's home"), finding(r, 12).why());
        assertTrue(finding(r, 17).why().contains("/data/www/resource lands at web4::res, which does not mirror its"
                + " path below source.baseDir /data/www/template"), finding(r, 17).why());
        assertTrue(finding(r, 14).why().contains("remote source"), finding(r, 14).why());
        assertTrue(finding(r, 15).why().contains("--exclude-from /nonexistent/excludes: file not found"),
                finding(r, 15).why());
        assertTrue(finding(r, 16).why().contains("not an rsync command"), finding(r, 16).why());
        assertEquals("/data/www/template", r.baseDir(), "every mapped line pushes only template/");
        assertEquals(List.of("."), r.paths());
        assertEquals(List.of(new Target("web3", "rsync://web3/www/template"), new Target("web4", "rsync://web4/tpl"),
                new Target("web6", "rsync://web6:8873/www/template")), r.targets(),
                "lines with only an unmapped option still map their source and destination");
    }

    @Test
    void wholeTreeCopiesAndNestedPathsGiveOneRoot() {
        RsyncImport r = importing("s", "rsync -a --delete /srv/site/ web1::site\n"
                + "rsync -a --delete /srv/site/img/ web2::site/img/\n"
                + "rsync -a --delete /srv/site web3::all/\n");
        assertEquals("/srv/site", r.baseDir());
        assertEquals(List.of("."), r.paths());
        assertEquals(List.of(new Target("web1", "rsync://web1/site"), new Target("web2", "rsync://web2/site"),
                new Target("web3", "rsync://web3/all/site")), r.targets());
    }

    @Test
    void quotesEscapesCommentsAndContinuationsSplitLikeSh() {
        List<ShellWords.Command> cmds = ShellWords.split("a 'b c' \"d $X\" e\\ f # g\n"
                + "h \\\n  i;j && k | l 2>&1 > out\n'multi\nline' m\n");
        assertEquals(List.of("a", "b c", "d " + ShellWords.QUOTED_DOLLAR + "X", "e f"), cmds.get(0).words());
        assertEquals(List.of("h", "i"), cmds.get(1).words());
        assertEquals(2, cmds.get(1).line());
        assertEquals(List.of("j"), cmds.get(2).words());
        assertEquals(List.of("k", "l"), cmds.get(3).words(), "redirections are dropped");
        assertTrue(cmds.get(3).piped());
        assertEquals(List.of("multi\nline", "m"), cmds.get(4).words());
        assertEquals(4, cmds.get(4).line());
    }

    @Test
    void expandsOnlyWhatTheScriptAssigned() {
        java.util.Set<String> unset = new java.util.LinkedHashSet<>();
        Map<String, String> vars = Map.of("A", "x y", "B", "z");
        assertEquals(List.of("x", "y"), ShellExpansion.words("$A", vars, unset));
        assertEquals(List.of("x y"), ShellExpansion.words(ShellWords.QUOTED_DOLLAR + "A", vars, unset));
        assertEquals(List.of("z/x y-def"), ShellExpansion.words("${B}/$A-${C:-def}", vars, unset));
        assertEquals(List.of("$A"), ShellExpansion.words(ShellWords.LITERAL_DOLLAR + "A", vars, unset));
        assertTrue(unset.isEmpty(), unset.toString());
        ShellExpansion.words("$NOPE/x", vars, unset);
        assertEquals(java.util.Set.of("NOPE"), unset);
    }
}

package io.syncfleet.watcher.domain;

import static io.syncfleet.watcher.domain.EntryType.DIRECTORY;
import static io.syncfleet.watcher.domain.EntryType.FILE;
import static io.syncfleet.watcher.domain.EntryType.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExcludeFilterTest {

    /** Each row: pattern, path, type of the path, whether rsync excludes the entry itself. */
    @ParameterizedTest(name = "[{0}] {1} ({2}) -> {3}")
    @CsvSource(delimiter = '|', value = {
            // no '/': the last name of any path
            "*.tmp      | a.tmp        | FILE      | true",
            "*.tmp      | x/y/a.tmp    | FILE      | true",
            "*.tmp      | x/y/a.tmp    | DIRECTORY | true",
            "*.tmp      | a.tmpx       | FILE      | false",
            "*.git      | .git         | DIRECTORY | true",
            "*.git      | src/.git     | DIRECTORY | true",
            "*.git      | gitx         | FILE      | false",
            "core       | a/core       | FILE      | true",
            "core       | a/core.x     | FILE      | false",
            "core       | core/a       | FILE      | false",
            // trailing '/': directories only
            ".~tmp~/    | a/.~tmp~     | DIRECTORY | true",
            ".~tmp~/    | a/.~tmp~     | FILE      | false",
            "cache/     | cache        | DIRECTORY | true",
            // leading '/': anchored at the transfer root (baseDir)
            "/cache     | cache        | FILE      | true",
            "/cache     | a/cache      | FILE      | false",
            "/cache/    | cache        | FILE      | false",
            "/cache/    | cache        | DIRECTORY | true",
            "/a/b       | a/b          | FILE      | true",
            "/a/b       | x/a/b        | FILE      | false",
            "/a/*.log   | a/x.log      | FILE      | true",
            "/a/*.log   | a/b/x.log    | FILE      | false",
            // inner '/': that many trailing names, at a name boundary
            "a/b        | a/b          | FILE      | true",
            "a/b        | x/a/b        | FILE      | true",
            "a/b        | xa/b         | FILE      | false",
            "a/b        | b            | FILE      | false",
            "a/*/c      | a/x/c        | FILE      | true",
            "a/*/c      | z/a/x/c      | FILE      | true",
            "a/*/c      | a/x/y/c      | FILE      | false",
            // ** crosses '/'
            "a/**/c     | a/x/y/c      | FILE      | true",
            "a/**/c     | a/x/c        | FILE      | true",
            "a/**/c     | a/c          | FILE      | false",
            "a/**/c     | z/a/x/c      | FILE      | true",
            "**/c       | c            | FILE      | true",
            "**/c       | x/y/c        | FILE      | true",
            "**/c       | x/yc         | FILE      | false",
            "/a/**      | a/x/y        | FILE      | true",
            "/a/**      | b/a/x        | FILE      | false",
            "foo**      | x/foobar/baz | FILE      | true",
            "foo**      | x/barfoo     | FILE      | false",
            "*/x        | a/b/x        | FILE      | true",
            // dir/*** matches the directory and what is in it
            "dir/***    | dir          | DIRECTORY | true",
            "dir/***    | a/dir        | DIRECTORY | true",
            "dir/***    | dir/f        | FILE      | true",
            "dir/***    | dir          | FILE      | false",
            "dir/**     | dir          | DIRECTORY | false",
            // ? and classes
            "?          | a            | FILE      | true",
            "?          | ab           | FILE      | false",
            "a?c        | a/c          | FILE      | false",
            "[ab]*      | x/bcd        | FILE      | true",
            "[ab]*      | x/cd         | FILE      | false",
            "[!ab]*     | cd           | FILE      | true",
            "[!ab]*     | ad           | FILE      | false",
            "[^ab]*     | ad           | FILE      | false",
            "[a-c]x     | bx           | FILE      | true",
            "[a-c]x     | dx           | FILE      | false",
            "[]]        | ]            | FILE      | true",
            "[[:digit:]]* | 9lives     | FILE      | true",
            "[[:digit:]]* | nine       | FILE      | false",
            "[[:upper:]][[:lower:]] | Ab | FILE     | true",
            "[[:bogus:]] | b           | FILE      | false",
            "[ab        | a            | FILE      | false",
            // backslash escapes a wildcard; without wildcards it is literal
            "\\*        | *            | FILE      | true",
            "\\*        | a            | FILE      | false",
            "a\\b       | a\\b         | FILE      | true",
            "*          | anything     | FILE      | true",
    })
    void matchesLikeRsync(String pattern, String path, EntryType type, boolean excluded) {
        ExcludeFilter f = ExcludeFilter.of(List.of(pattern));
        assertEquals(excluded, f.excludesEntry(RelPath.of(path), type), () -> pattern + " vs " + path);
    }

    @Test
    void excludedDirectoryExcludesEverythingBelowIt() {
        ExcludeFilter f = ExcludeFilter.of(List.of(".~tmp~/", "/build"));
        assertTrue(f.excludes(RelPath.of("a/.~tmp~/x/y.txt"), FILE));
        assertFalse(f.excludesEntry(RelPath.of("a/.~tmp~/x/y.txt"), FILE));
        assertTrue(f.excludes(RelPath.of("build/out/app.jar"), FILE));
        assertFalse(f.excludes(RelPath.of("src/build/app.jar"), FILE));
        // a file named like a directory-only pattern does not hide what is "below" it: there is nothing
        assertFalse(f.excludes(RelPath.of("a/.~tmp~"), FILE));
    }

    @Test
    void unknownTypeIsExcludedWhenEitherTypeWouldBe() {
        ExcludeFilter f = ExcludeFilter.of(List.of("cache/"));
        assertTrue(f.excludesEntry(RelPath.of("x/cache"), UNKNOWN));
        assertFalse(f.excludesEntry(RelPath.of("x/cache"), FILE));
        assertFalse(f.excludesEntry(RelPath.of("x/other"), UNKNOWN));
    }

    @Test
    void firstMatchingRuleDecidesAndPlusMakesAnInclude() {
        ExcludeFilter f = ExcludeFilter.of(List.of("+ keep.tmp", "- *.tmp"));
        assertFalse(f.excludesEntry(RelPath.of("a/keep.tmp"), FILE));
        assertTrue(f.excludesEntry(RelPath.of("a/drop.tmp"), FILE));
        ExcludeFilter reversed = ExcludeFilter.of(List.of("*.tmp", "+ keep.tmp"));
        assertTrue(reversed.excludesEntry(RelPath.of("a/keep.tmp"), FILE));
    }

    @Test
    void bangClearsTheRulesBeforeIt() {
        ExcludeFilter f = ExcludeFilter.of(List.of("*.tmp", "!", "*.log"));
        assertFalse(f.excludesEntry(RelPath.of("a.tmp"), FILE));
        assertTrue(f.excludesEntry(RelPath.of("a.log"), FILE));
        assertEquals(List.of("*.tmp", "!", "*.log"), f.patterns());
    }

    @Test
    void matchesRawBytesThatAreNotUtf8() {
        RelPath odd = RelPath.of(new byte[] {'d', '/', (byte) 0xff, (byte) 0xfe, '.', 't', 'm', 'p'});
        assertTrue(ExcludeFilter.of(List.of("*.tmp")).excludesEntry(odd, FILE));
        assertTrue(ExcludeFilter.of(List.of("d/??.tmp")).excludesEntry(odd, FILE), "? is one byte");
        assertFalse(ExcludeFilter.of(List.of("d/?.tmp")).excludesEntry(odd, FILE));
        assertTrue(ExcludeFilter.of(List.of("[\u00ff\u00fe]*")).excludesEntry(RelPath.of(new byte[] {(byte) 0xc3}), FILE),
                "a class holds the pattern's UTF-8 bytes one by one, as in rsync");
        assertFalse(ExcludeFilter.of(List.of("*.tmp")).excludesEntry(RelPath.of(new byte[] {(byte) 0xff}), FILE));
    }

    @Test
    void utf8PatternMatchesUtf8NameButNotItsLatin1Spelling() {
        ExcludeFilter f = ExcludeFilter.of(List.of("caf\u00e9"));
        assertTrue(f.excludesEntry(RelPath.of("x/caf\u00e9"), FILE));
        byte[] latin1 = "x/caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(f.excludesEntry(RelPath.of(latin1), FILE));
    }

    @Test
    void namesWithNewlinesSpacesAndLeadingDashesMatchLiterally() {
        ExcludeFilter f = ExcludeFilter.of(List.of("-rf *", "line\nbreak"));
        assertTrue(f.excludesEntry(RelPath.of("a/-rf x"), FILE));
        assertTrue(f.excludesEntry(RelPath.of("line\nbreak"), FILE));
        assertFalse(f.excludesEntry(RelPath.of("line break"), FILE));
    }

    @Test
    void baseIsNeverExcluded() {
        assertFalse(ExcludeFilter.of(List.of("*")).excludes(RelPath.BASE, DIRECTORY));
    }

    @Test
    void noPatternsExcludeNothing() {
        assertFalse(ExcludeFilter.NONE.excludes(RelPath.of("a/b.tmp"), FILE));
        assertFalse(ExcludeFilter.of(List.of()).excludes(RelPath.of("a/b.tmp"), UNKNOWN));
    }

    @Test
    void emptyPatternIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ExcludeFilter.of(List.of("")));
        assertThrows(IllegalArgumentException.class, () -> ExcludeFilter.of(List.of("- ")));
    }

    @Test
    void pathologicalStarsFinishQuickly() {
        ExcludeFilter f = ExcludeFilter.of(List.of("*a*a*a*a*a*a*a*a*b"));
        String name = "a".repeat(200);
        assertFalse(f.excludesEntry(RelPath.of(name), FILE));
        ExcludeFilter deep = ExcludeFilter.of(List.of("**a**a**a**a**a**b"));
        assertFalse(deep.excludesEntry(RelPath.of(("a/").repeat(100) + "a"), FILE));
    }
}

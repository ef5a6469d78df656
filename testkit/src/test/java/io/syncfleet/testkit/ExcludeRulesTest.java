package io.syncfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.path.RelPath;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExcludeRulesTest {

    private static boolean file(String pattern, String path) {
        return new ExcludeRules(List.of(pattern)).excludes(RelPath.of(path), false);
    }

    private static boolean dir(String pattern, String path) {
        return new ExcludeRules(List.of(pattern)).excludes(RelPath.of(path), true);
    }

    @Test
    void aNamePatternMatchesTheLastNameAtAnyDepth() {
        assertTrue(file("*.tmp", "a.tmp"));
        assertTrue(file("*.tmp", "x/y/a.tmp"));
        assertFalse(file("*.tmp", "a.tmpx"));
        assertTrue(file("*.git", "repo/.git"));
        assertTrue(file("?.c", "src/a.c"));
        assertFalse(file("?.c", "src/ab.c"));
    }

    @Test
    void aTrailingSlashMatchesDirectoriesAndWhatIsInThem() {
        assertTrue(dir(".~tmp~/", ".~tmp~"));
        assertFalse(file(".~tmp~/", ".~tmp~"));
        assertTrue(file(".~tmp~/", "a/.~tmp~/partial"));
    }

    @Test
    void aLeadingSlashAnchorsAtTheRoot() {
        assertTrue(file("/cache", "cache"));
        assertFalse(file("/cache", "x/cache"));
        assertTrue(file("cache", "x/cache"));
    }

    @Test
    void anInnerSlashMatchesTheEndOfThePathAtANameBoundary() {
        assertTrue(file("b/*.log", "a/b/c.log"));
        assertFalse(file("b/*.log", "a/xb/c.log"));
        assertFalse(file("b/*.log", "b/c/d.log"));
        assertTrue(file("b/**.log", "b/c/d.log"));
    }

    @Test
    void matchesRawBytesOfNonUtf8Names() {
        byte[] name = TestTrees.nonUtf8Name("x");
        assertTrue(new ExcludeRules(List.of("x*")).excludes(RelPath.of(name), false));
        assertFalse(new ExcludeRules(List.of("y*")).excludes(RelPath.of(name), false));
    }
}

package io.syncfleet.watcher.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.syncfleet.common.path.RelPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential check: for each pattern, the entries the real rsync transfers with
 * {@code --exclude=PATTERN} are exactly those {@link ExcludeFilter} does not exclude.
 */
class ExcludeFilterRsyncIT {

    private static final List<String> FILES = List.of(
            "a.tmp", "a.tmpx", "gitx", "9lives", "nine", "Ab", "]", "*", "a\\b", "bcd", "cd", "ad", "bx", "dx", "core",
            "x/y/a.tmp", "x/yc", "x/barfoo", "x/foobar/baz", "x/a/b/f", "xa/b",
            "d/x/y/a.tmp/inner", ".git/config", "src/.git/HEAD", "k/core/a",
            "a/core", "a/core.x", "a/cache", "a/c", "a/.~tmp~/junk", "a/x/c", "a/x/y/c", "a/b/x", "a/dir/f", "a/bcd",
            "a/x.log", "a/b/x.log", "b/.~tmp~", "b/a/x", "cache/f", "z/a/x/c", "dir/f", "q/dir/g", "build/out/app.jar",
            "src/build/app.jar", "keep.tmp", "drop.tmp", "-rf x", "sp ace/f");

    @TempDir
    static Path tmp;
    static Path src;

    @BeforeAll
    static void tree() throws IOException {
        src = tmp.resolve("src");
        for (String f : FILES) {
            Path p = src.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
    }

    static Stream<List<String>> patterns() {
        return Stream.of("*.tmp", "*.git", "core", ".~tmp~/", "cache/", "/cache", "/cache/", "/a/b", "/a/*.log",
                "a/b", "a/*/c", "a/**/c", "**/c", "/a/**", "foo**", "*/x", "dir/***", "dir/**", "?", "a?c", "[ab]*",
                "[!ab]*", "[^ab]*", "[a-c]x", "[]]", "[[:digit:]]*", "[[:upper:]][[:lower:]]", "\\*", "a\\b", "-rf *",
                "x/", "**/b/*", "*/*/c", "/x/**/baz", "b*/", "[[:alpha:]]", "sp ace")
                .map(List::of);
    }

    static Stream<List<String>> patternLists() {
        return Stream.of(List.of("*.git", "*.svn", "*.tmp", ".~tmp~/"), List.of("+ keep.tmp", "- *.tmp"),
                List.of(".~tmp~/", "/build"), List.of("*.tmp", "!", "core"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"patterns", "patternLists"})
    void agreesWithRsync(List<String> patterns) throws Exception {
        assertEquals(rsyncTransfers(patterns), filterKeeps(ExcludeFilter.of(patterns)), () -> "patterns " + patterns);
    }

    private static TreeSet<String> filterKeeps(ExcludeFilter filter) throws IOException {
        TreeSet<String> kept = new TreeSet<>();
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.equals(src)) {
                    continue;
                }
                String rel = src.relativize(p).toString();
                EntryType type = Files.isDirectory(p) ? EntryType.DIRECTORY : EntryType.FILE;
                if (!filter.excludes(RelPath.of(rel), type)) {
                    kept.add(rel);
                }
            }
        }
        return kept;
    }

    private static TreeSet<String> rsyncTransfers(List<String> patterns) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rsync", "-an", "--out-format=%n"));
        for (String p : patterns) {
            cmd.add("--exclude=" + p);
        }
        cmd.add(src + "/");
        cmd.add(tmp.resolve("dst-never-created") + "/");
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!proc.waitFor(60, TimeUnit.SECONDS) || proc.exitValue() != 0) {
            throw new IllegalStateException("rsync failed: " + out);
        }
        TreeSet<String> names = new TreeSet<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty() || line.equals("./") || line.startsWith("created directory")) {
                continue;
            }
            names.add(line.endsWith("/") ? line.substring(0, line.length() - 1) : line);
        }
        return names;
    }
}

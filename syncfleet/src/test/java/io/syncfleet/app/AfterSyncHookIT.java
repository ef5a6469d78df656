package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hooks.afterSync and hooks.afterSyncPerTarget with the whole pipeline: a hook script writes its stdin (the
 * NUL-separated paths) and its environment to files, and checks that every path is on both targets when it
 * runs.
 */
class AfterSyncHookIT {

    @TempDir
    Path tmp;
    private FleetFixture fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static final String SCRIPT = """
            #!/bin/sh
            # hook.sh OUT ROOT...: stdin to OUT-<batch>-<target|all>.paths, env to .env, absent paths to .check
            out="$1"; shift
            name="$out-$SYNCFLEET_BATCH-${SYNCFLEET_TARGET:-all}"
            cat > "$name.tmp"
            : > "$name.check"
            if [ -z "$SYNCFLEET_TARGET" ]; then
              tr '\\0' '\\n' < "$name.tmp" | while IFS= read -r p; do
                for r in "$@"; do [ -e "$r/$p" ] || echo "missing $r/$p" >> "$name.check"; done
              done
            fi
            echo "targets=$SYNCFLEET_TARGETS target=$SYNCFLEET_TARGET" > "$name.env"
            mv "$name.tmp" "$name.paths"
            """;

    @Test
    void theHookGetsTheSyncedPathsOnceTheChangeReachedBothTargets() throws Exception {
        Path hook = tmp.resolve("hook.sh");
        Files.writeString(hook, SCRIPT);
        Path out = Files.createDirectories(tmp.resolve("hook-out"));
        // the roots are known only once the daemons run: the fixture creates them in t1/www, t2/www
        String roots = tmp.resolve("t1/www") + ", " + tmp.resolve("t2/www");
        fleet = new FleetFixture(tmp, 2, "hooks:\n"
                + "  afterSync: [/bin/sh, " + hook + ", " + out.resolve("h") + ", " + roots + "]\n"
                + "  afterSyncPerTarget: [/bin/sh, " + hook + ", " + out.resolve("h") + "]\n"
                + "  timeout: 5s\n");
        assertEquals(fleet.targets.get(0).root(), tmp.resolve("t1/www"));
        fleet.awaitState("web1", "ready");
        fleet.awaitState("web2", "ready");

        Files.writeString(fleet.base.resolve("site/new page.html"), "<p>new</p>\n");
        Files.createDirectories(fleet.base.resolve("site/sub"));
        Files.writeString(fleet.base.resolve("site/sub/b.css"), "b {}\n");
        fleet.awaitConverged(1, 2);

        Set<String> expected = Set.of("site/new page.html", "site/sub/b.css");
        await("the after-sync hook saw both files").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> pathsOf(out, "-all.paths").containsAll(expected));
        await("the per-target hook saw both files on each target").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> pathsOf(out, "-web1.paths").containsAll(expected)
                        && pathsOf(out, "-web2.paths").containsAll(expected));

        for (Path all : files(out, "-all.paths")) {
            String base = all.toString().replace(".paths", "");
            byte[] stdin = Files.readAllBytes(all);
            assertEquals(0, stdin[stdin.length - 1], "every path ends with a NUL byte");
            if (!Collections.disjoint(expected, split(stdin))) {
                assertEquals("", Files.readString(Path.of(base + ".check")),
                        "every path was on both targets when the hook ran");
                assertEquals("targets=web1,web2 target=", Files.readString(Path.of(base + ".env")).strip());
            }
        }
        assertTrue(Files.readString(files(out, "-web2.paths").stream().map(p -> Path.of(p.toString()
                .replace(".paths", ".env"))).findFirst().orElseThrow()).contains("target=web2"));
    }

    private static List<Path> files(Path dir, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Set<String> pathsOf(Path dir, String suffix) throws Exception {
        Set<String> out = new TreeSet<>();
        for (Path p : files(dir, suffix)) {
            out.addAll(split(Files.readAllBytes(p)));
        }
        return out;
    }

    private static List<String> split(byte[] nulSeparated) {
        List<String> out = new ArrayList<>();
        Arrays.stream(new String(nulSeparated, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty())
                .forEach(out::add);
        return out;
    }
}
